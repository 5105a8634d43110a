using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MLSecOps.Bench.ModelScan;

/// <summary>A model-scan scenario over a generated corpus folder.</summary>
internal abstract class ModelScanScenario : IThroughputScenario
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken) =>
        GeneratedCorpus.PrepareAsync(corpusRoot, Name, GenerateAsync, cancellationToken);

    public IReadOnlyList<string> Arguments(string folder, string scratch) => ["model-scan", folder, "--platform", "none", "--fail-on", "none"];

    protected abstract Task GenerateAsync(string folder, CancellationToken cancellationToken);
}

/// <summary>A 100 MB protocol-4 pickle of 2 million small dicts; target: under 0.5 s and 150 MB.</summary>
internal sealed class LargePickleScenario : ModelScanScenario
{
    public override string Name => "model-scan-pickle-100mb";

    public override string Description => "100 MB protocol-4 pickle of 2,000,000 dicts; target < 0.5 s, < 150 MB";

    protected override Task GenerateAsync(string folder, CancellationToken cancellationToken)
    {
        using var file = new FileStream(Path.Combine(folder, "records.pkl"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        SyntheticPickleWriter.Write(file, 2_000_000);
        return Task.CompletedTask;
    }
}

/// <summary>2,000 small pickles (100 dicts each) in 20 folders; target: under 60 MB.</summary>
internal sealed class SmallPicklesScenario : ModelScanScenario
{
    public override string Name => "model-scan-2000-pickles";

    public override string Description => "2,000 small protocol-4 pickles; target < 60 MB, faster than picklescan";

    protected override Task GenerateAsync(string folder, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 2_000; i++)
        {
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"batch-{i % 20:D2}"), string.Create(CultureInfo.InvariantCulture, $"model-{i:D4}.pkl"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = File.Create(path);
            SyntheticPickleWriter.Write(file, 100);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A 1 GiB PyTorch-layout ZIP checkpoint of stored tensors; target: under 0.5 s and faster than picklescan.</summary>
internal sealed class LargeTorchZipScenario : ModelScanScenario
{
    public override string Name => "model-scan-torch-1gib";

    public override string Description => "1 GiB PyTorch ZIP checkpoint (16 stored 64 MiB tensors, sparse)";

    protected override Task GenerateAsync(string folder, CancellationToken cancellationToken)
    {
        SyntheticTorchZipWriter.Write(Path.Combine(folder, "model.pt"), 16, 64L * 1024 * 1024);
        return Task.CompletedTask;
    }
}

/// <summary>A 500 MB float32 <c>.npy</c> array (sparse): only the header needs reading.</summary>
internal sealed class LargeNumpyScenario : ModelScanScenario
{
    private const long Elements = 125L * 1024 * 1024;

    public override string Name => "model-scan-npy-500mb";

    public override string Description => "500 MB float32 .npy (sparse); header-bound";

    protected override Task GenerateAsync(string folder, CancellationToken cancellationToken)
    {
        var header = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({Elements},), }}");
        // Version 1.0: magic, version, little-endian header length; header padded with spaces to 64 bytes, ending in a newline.
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var file = new FileStream(Path.Combine(folder, "embeddings.npy"), FileMode.Create, FileAccess.Write);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        file.Write(length);
        file.Write(Encoding.ASCII.GetBytes(padded));
        file.SetLength(file.Position + (Elements * 4));
        return Task.CompletedTask;
    }
}
