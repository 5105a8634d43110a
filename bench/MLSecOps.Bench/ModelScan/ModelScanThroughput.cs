using MLSecOps.Core.Gates;
using MLSecOps.Gates.ModelScan;

namespace MLSecOps.Bench.ModelScan;

/// <summary>Scans a generated corpus with the model-scan gate, as the CLI would.</summary>
internal static class ModelScanThroughput
{
    public static async Task<ScanTally> ScanAsync(string directory, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => new ScanFile(f, Path.GetRelativePath(directory, f).Replace('\\', '/'), new FileInfo(f).Length))
            .ToList();
        var context = new GateContext { RepositoryRoot = directory, Files = files, Settings = GateSettings.Empty };
        var result = await new ModelScanGate().RunAsync(context, cancellationToken).ConfigureAwait(false);
        return new ScanTally(files.Count, files.Sum(f => f.Length), result.Findings.Count);
    }
}

/// <summary>(a) A 100 MB protocol-4 pickle of 2 million small dicts; target: under 2 s and 200 MB peak memory.</summary>
internal sealed class LargePickleScenario : IThroughputScenario
{
    public string Name => "model-scan-pickle-100mb";

    public string Description => "100 MB protocol-4 pickle of 2,000,000 dicts; target < 2 s, < 200 MB peak";

    public Task GenerateAsync(string directory, CancellationToken cancellationToken)
    {
        using var file = new FileStream(Path.Combine(directory, "records.pkl"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        SyntheticPickleWriter.Write(file, 2_000_000);
        return Task.CompletedTask;
    }

    public Task<ScanTally> ScanAsync(string directory, CancellationToken cancellationToken) => ModelScanThroughput.ScanAsync(directory, cancellationToken);
}

/// <summary>(b) A 1 GiB PyTorch-layout ZIP checkpoint of stored tensors; target: under 0.5 s.</summary>
internal sealed class LargeTorchZipScenario : IThroughputScenario
{
    public string Name => "model-scan-torch-1gib";

    public string Description => "1 GiB PyTorch ZIP checkpoint (16 stored 64 MiB tensors, sparse); target < 0.5 s";

    public Task GenerateAsync(string directory, CancellationToken cancellationToken)
    {
        SyntheticTorchZipWriter.Write(Path.Combine(directory, "model.pt"), 16, 64L * 1024 * 1024);
        return Task.CompletedTask;
    }

    public Task<ScanTally> ScanAsync(string directory, CancellationToken cancellationToken) => ModelScanThroughput.ScanAsync(directory, cancellationToken);
}
