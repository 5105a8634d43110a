namespace MLSecOps.Fuzz;

/// <summary>The wall-clock allowance of one input; past it the run counts as a hang even when afl-fuzz is not watching.</summary>
internal static class Deadline
{
    /// <summary>Gets or sets the allowance; the command line can change it.</summary>
    public static TimeSpan PerInput { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Waits for <paramref name="task"/> within the allowance, turning cancellation by the deadline into a hang report.</summary>
    public static T Wait<T>(Func<CancellationToken, Task<T>> start, string what)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var deadline = new CancellationTokenSource(PerInput);
        try
        {
            return start(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
        {
            throw new FuzzContractException($"{what} did not finish within {PerInput.TotalSeconds:0} s", ex);
        }
    }
}
