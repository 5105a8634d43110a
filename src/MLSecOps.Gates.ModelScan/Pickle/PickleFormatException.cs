namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Thrown by the pickle machine when the stream is malformed where CPython's unpickler would fail too.</summary>
internal sealed class PickleFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PickleFormatException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public PickleFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public PickleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    public PickleFormatException(string message, long offset, bool truncated = false, bool everyUnpicklerStops = false)
        : base(message)
    {
        Offset = offset;
        Truncated = truncated;
        EveryUnpicklerStops = everyUnpicklerStops;
    }

    /// <summary>Gets the offset of the opcode that failed.</summary>
    public long Offset { get; }

    /// <summary>Gets whether the data simply ended.</summary>
    public bool Truncated { get; }

    /// <summary>Gets whether CPython's C unpickler and its pure-Python one (which joblib uses) both raise at this opcode.</summary>
    /// <remarks>Not so for frames and text lines: the pure-Python reader accepts a short last frame, the C one a last line without a newline.</remarks>
    public bool EveryUnpicklerStops { get; }
}
