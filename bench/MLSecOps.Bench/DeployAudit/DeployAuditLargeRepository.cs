namespace MLSecOps.Bench.DeployAudit;

/// <summary>deploy-audit over a generated repository shaped like KServe's (116 MiB of YAML); target: under 5 s and 300 MB.</summary>
internal sealed class DeployAuditLargeRepository : IThroughputScenario
{
    /// <inheritdoc />
    public string Name => "deploy-audit-kserve-like";

    /// <inheritdoc />
    public string Description => "deploy-audit over a generated repository shaped like KServe's: CRD bundles, CRDs and manifests, about 116 MiB of YAML";

    /// <inheritdoc />
    public Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken) =>
        GeneratedCorpus.PrepareAsync(corpusRoot, Name, LargeRepositoryCorpus.WriteAsync, cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments(string folder, string scratch) => ["deploy-audit", folder, "--platform", "none", "--fail-on", "none"];
}
