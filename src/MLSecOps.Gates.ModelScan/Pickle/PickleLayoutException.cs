namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Thrown when a stream continues in a layout the scanner cannot follow; the rest is reported as MOD001.</summary>
internal sealed class PickleLayoutException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PickleLayoutException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public PickleLayoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public PickleLayoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the opcode at <paramref name="offset"/>.</summary>
    public PickleLayoutException(string message, long offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>Gets the offset where the scan stopped.</summary>
    public long Offset { get; }
}
