namespace MLSecOps.GitHub.Api;

/// <summary>GitHub's limits on one code-scanning SARIF upload.</summary>
/// <param name="MaxGzipBytes">The largest gzip-compressed upload: 10 MB.</param>
/// <param name="MaxRunsPerUpload">The most runs in one file: 20.</param>
/// <param name="MaxResultsPerRun">The most results in one run: 25,000.</param>
internal sealed record SarifUploadLimits(long MaxGzipBytes, int MaxRunsPerUpload, int MaxResultsPerRun)
{
    /// <summary>Gets the limits GitHub documents.</summary>
    public static SarifUploadLimits GitHub { get; } = new(10_000_000, 20, 25_000);
}
