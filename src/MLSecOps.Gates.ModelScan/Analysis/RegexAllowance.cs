namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// The time all pattern checks of one file may take together: each match is still bounded by its own regex timeout, and
/// once the file's allowance is spent the remaining checks are reported as not done instead of run (a GGUF with a hundred
/// huge chat templates cannot take a hundred timeouts). The file's token is observed between matches.
/// </summary>
internal sealed class RegexAllowance(TimeProvider time, TimeSpan total, CancellationToken cancellationToken)
{
    private TimeSpan _spent;

    /// <summary>Gets an allowance without a limit (callers outside a file scan).</summary>
    public static RegexAllowance Unlimited => new(TimeProvider.System, TimeSpan.MaxValue, CancellationToken.None);

    /// <summary>Creates the allowance of one file from its settings.</summary>
    public static RegexAllowance For(ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RegexAllowance(settings.Time, settings.Budget.PerFileRegexTime, cancellationToken);
    }

    /// <summary>Runs <paramref name="match"/> within the allowance.</summary>
    /// <exception cref="ScanBudgetExceededException">The allowance is spent.</exception>
    /// <exception cref="OperationCanceledException">The file's deadline or the gate's budget ran out.</exception>
    public T Run<T>(Func<T> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        cancellationToken.ThrowIfCancellationRequested();
        if (_spent >= total)
        {
            throw new ScanBudgetExceededException($"the file's pattern checks took more than {total.TotalSeconds:0} s");
        }

        var start = time.GetTimestamp();
        try
        {
            return match();
        }
        finally
        {
            _spent += time.GetElapsedTime(start);
        }
    }
}
