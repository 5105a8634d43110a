using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit;

namespace MLSecOps.Bench.DeployAudit;

/// <summary>Throughput of the deploy-audit gate: 1,000 manifests (5,000 documents); target under 2 s.</summary>
internal sealed class DeployAuditThroughput : IThroughputScenario
{
    private const int Manifests = 1_000;

    /// <inheritdoc />
    public string Name => "deploy-audit";

    /// <inheritdoc />
    public string Description => "deploy-audit over 1,000 manifests (5,000 documents); target < 2 s";

    /// <inheritdoc />
    public Task GenerateAsync(string directory, CancellationToken cancellationToken) => DeployAuditCorpus.WriteAsync(directory, Manifests, cancellationToken);

    /// <inheritdoc />
    public async Task<ScanTally> ScanAsync(string directory, CancellationToken cancellationToken)
    {
        var files = DeployAuditCorpus.Files(directory);
        var context = new GateContext { RepositoryRoot = directory, Files = files, Settings = GateSettings.Empty };
        var result = await new DeployAuditGate().RunAsync(context, cancellationToken).ConfigureAwait(false);
        return new ScanTally(result.FilesScanned, files.Sum(f => f.Length), result.Findings.Count);
    }
}
