using System.Globalization;

namespace MLSecOps.Bench.DeployAudit;

/// <summary>deploy-audit over a generated tree of manifests, five documents each; target for 10,000: under 2 s and 200 MB.</summary>
internal sealed class DeployAuditThroughput(int manifests) : IThroughputScenario
{
    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture, $"deploy-audit-{manifests / 1000}k");

    /// <inheritdoc />
    public string Description => string.Create(CultureInfo.InvariantCulture, $"deploy-audit over {manifests:N0} manifests ({manifests * 5:N0} documents)");

    /// <inheritdoc />
    public Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken) =>
        GeneratedCorpus.PrepareAsync(corpusRoot, Name, (folder, token) => DeployAuditCorpus.WriteAsync(folder, manifests, token), cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments(string folder, string scratch) => ["deploy-audit", folder, "--platform", "none", "--fail-on", "none"];
}
