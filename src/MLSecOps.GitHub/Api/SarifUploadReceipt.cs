namespace MLSecOps.GitHub.Api;

/// <summary>The answer to a SARIF upload: its id.</summary>
internal sealed class SarifUploadReceipt
{
    /// <summary>Gets or sets the upload id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Gets or sets the status address.</summary>
    public string? Url { get; set; }
}
