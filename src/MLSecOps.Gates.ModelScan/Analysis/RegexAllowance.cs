using System.Text.RegularExpressions;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// The time all pattern checks of one file may take together: each match times out when the allowance left runs out (at most
/// <see cref="MaxMatchTime"/>), so no single match overruns it, and once the file's allowance is spent the remaining checks are reported as not done instead of run (a GGUF with a hundred
/// huge chat templates cannot take a hundred timeouts). The file's token is observed between matches.
/// </summary>
internal sealed class RegexAllowance(TimeProvider time, TimeSpan total, CancellationToken cancellationToken)
{
    /// <summary>The longest one match may run, however much allowance is left.</summary>
    public static readonly TimeSpan MaxMatchTime = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MinMatchTime = TimeSpan.FromMilliseconds(1);

    private TimeSpan _spent;

    /// <summary>Gets the timeout of the next match: the allowance left, between 1 ms and <see cref="MaxMatchTime"/>.</summary>
    public TimeSpan MatchTimeout => TimeSpan.FromTicks(Math.Clamp((total - _spent).Ticks, MinMatchTime.Ticks, MaxMatchTime.Ticks));

    /// <summary>Gets an allowance without a limit (callers outside a file scan).</summary>
    public static RegexAllowance Unlimited => new(TimeProvider.System, TimeSpan.MaxValue, CancellationToken.None);

    /// <summary>Creates the allowance of one file from its settings.</summary>
    public static RegexAllowance For(ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RegexAllowance(settings.Time, settings.Budget.PerFileRegexTime, cancellationToken);
    }

    /// <summary>Finds the first match of <paramref name="pattern"/> in <paramref name="text"/>, timing out when the allowance left runs out.</summary>
    /// <exception cref="ScanBudgetExceededException">The allowance is spent.</exception>
    /// <exception cref="RegexMatchTimeoutException">The match ran out of the allowance left.</exception>
    public Match Match(Regex pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Run(() => Bounded(pattern).Match(text));
    }

    /// <summary>Finds every match of <paramref name="pattern"/> in <paramref name="text"/>, timing out when the allowance left runs out.</summary>
    /// <exception cref="ScanBudgetExceededException">The allowance is spent.</exception>
    /// <exception cref="RegexMatchTimeoutException">The matches ran out of the allowance left.</exception>
    public IReadOnlyList<string> Matches(Regex pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Run(() => Bounded(pattern).Matches(text).Select(m => m.Value).ToList());
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

    // The same pattern with this allowance's timeout: a precompiled regex carries a fixed one, which could overrun the allowance.
    private Regex Bounded(Regex pattern) => new(pattern.ToString(), pattern.Options, MatchTimeout);
}
