using MLSecOps.Bench.DataCheck;
using MLSecOps.Bench.DeployAudit;
using MLSecOps.Bench.ModelScan;

namespace MLSecOps.Bench;

/// <summary>The explicit list of throughput scenarios, one per row of the performance table.</summary>
internal static class ThroughputScenarios
{
    public static IReadOnlyList<IThroughputScenario> All { get; } =
    [
        new CommandScenario("cli-version", "mlsecops --version; start-up alone", ["--version"]),
        new EmptyFolderScenario(),
        new ExampleScenario("scan-example", "scan examples/ml-repo, every gate", sarif: false),
        new ExampleScenario("scan-example-sarif", "scan examples/ml-repo with --sarif: SARIF's share of the time", sarif: true),
        new LargePickleScenario(),
        new SmallPicklesScenario(),
        new LargeTorchZipScenario(),
        new LargeNumpyScenario(),
        new DeployAuditThroughput(1_000),
        new DeployAuditThroughput(10_000),
        new DeployAuditThroughput(20_000),
        new DeployAuditLargeRepository(),
        new DataCheckThroughput(DataCheckFormat.Csv),
        new DataCheckThroughput(DataCheckFormat.JsonLines),
        new DataCheckThroughput(DataCheckFormat.Parquet),
        new DataCheckThroughput(DataCheckFormat.Arrow),
        new DataCheckThroughput(DataCheckFormat.FourCsv),
    ];
}

/// <summary>A command that reads no corpus, such as <c>--version</c>.</summary>
internal sealed class CommandScenario(string name, string description, IReadOnlyList<string> arguments) : IThroughputScenario
{
    public string Name => name;

    public string Description => description;

    public Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken) => Task.FromResult(string.Empty);

    public IReadOnlyList<string> Arguments(string folder, string scratch) => arguments;
}

/// <summary>model-scan of an empty folder: start-up plus building the gate.</summary>
internal sealed class EmptyFolderScenario : IThroughputScenario
{
    public string Name => "model-scan-empty";

    public string Description => "model-scan of an empty folder";

    public Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(corpusRoot, Name);
        Directory.CreateDirectory(folder);
        return Task.FromResult(folder);
    }

    public IReadOnlyList<string> Arguments(string folder, string scratch) => ["model-scan", folder, "--platform", "none", "--fail-on", "none"];
}

/// <summary>The bundled example repository, every gate, optionally with SARIF output.</summary>
internal sealed class ExampleScenario(string name, string description, bool sarif) : IThroughputScenario
{
    public string Name => name;

    public string Description => description;

    public Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken) =>
        Task.FromResult(Path.Combine(repositoryRoot, "examples", "ml-repo"));

    public IReadOnlyList<string> Arguments(string folder, string scratch) => sarif
        ? ["scan", folder, "--platform", "none", "--fail-on", "none", "--sarif", Path.Combine(scratch, "scan.sarif")]
        : ["scan", folder, "--platform", "none", "--fail-on", "none"];
}
