namespace MLSecOps.GitHub.Api;

/// <summary>The processing status of a SARIF upload.</summary>
internal sealed class SarifUploadStatus
{
    /// <summary>Gets or sets <c>pending</c>, <c>complete</c> or <c>failed</c>.</summary>
    public string? ProcessingStatus { get; set; }

    /// <summary>Gets or sets the processing errors when it failed.</summary>
    public IReadOnlyList<string>? Errors { get; set; }
}
