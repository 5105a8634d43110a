namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Thrown inside a file's scan when a <see cref="ScanBudget"/> limit is reached; the scan reports MOD001 and stops.</summary>
internal sealed class ScanBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScanBudgetExceededException()
    {
    }

    /// <summary>Creates the exception with the limit that was reached.</summary>
    public ScanBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the limit that was reached and whether it is the whole file's.</summary>
    public ScanBudgetExceededException(string message, bool fileWide)
        : base(message)
    {
        FileWide = fileWide;
    }

    /// <summary>Gets whether the limit is the whole file's (time, bytes, memory), not one stream's: then the file's scan stops.</summary>
    public bool FileWide { get; }

    /// <summary>Creates the exception with an inner cause.</summary>
    public ScanBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
