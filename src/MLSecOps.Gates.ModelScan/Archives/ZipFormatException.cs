namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>Thrown when an archive's structure cannot be read at all.</summary>
internal sealed class ZipFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ZipFormatException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public ZipFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public ZipFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
