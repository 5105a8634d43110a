using BenchmarkDotNet.Attributes;
using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Bench.DeployAudit;

/// <summary>Micro-benchmarks of the deploy-audit gate: the bounded YAML reader alone, and the whole gate over 100 manifests.</summary>
[MemoryDiagnoser]
public class DeployAuditBenchmarks
{
    private string _directory = "";
    private IReadOnlyList<ScanFile> _files = [];
    private string _oneManifest = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "mlsecops-bench-deploy-" + Environment.ProcessId);
        Directory.CreateDirectory(_directory);
        await DeployAuditCorpus.WriteAsync(_directory, 100, CancellationToken.None);
        _files = DeployAuditCorpus.Files(_directory);
        _oneManifest = await File.ReadAllTextAsync(_files[0].FullPath);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public int ReadOneManifest() => new BoundedYamlReader(YamlLimits.Default).Read(_oneManifest).Documents.Count;

    [Benchmark]
    public async Task<int> GateOverHundredManifests()
    {
        var context = new GateContext { RepositoryRoot = _directory, Files = _files, Settings = GateSettings.Empty };
        var result = await new DeployAuditGate().RunAsync(context, CancellationToken.None);
        return result.Findings.Count;
    }
}
