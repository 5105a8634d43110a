using MLSecOps.Bench.ModelScan;

namespace MLSecOps.Bench;

/// <summary>The explicit list of throughput scenarios.</summary>
internal static class ThroughputScenarios
{
    public static IReadOnlyList<IThroughputScenario> All { get; } =
    [
        new LargePickleScenario(),
        new LargeTorchZipScenario(),
        new DeployAudit.DeployAuditThroughput(),
    ];
}
