namespace MLSecOps.Fuzz;

/// <summary>A target broke its contract without throwing by itself (it hung past the deadline or returned nothing).</summary>
internal sealed class FuzzContractException : Exception
{
    public FuzzContractException()
    {
    }

    public FuzzContractException(string message)
        : base(message)
    {
    }

    public FuzzContractException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
