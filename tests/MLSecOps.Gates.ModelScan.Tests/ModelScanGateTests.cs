using MLSecOps.Core.Gates;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests;

/// <summary>The gate's contract: identity, rule list, settings, policy extension, progress and budgets.</summary>
public class ModelScanGateTests
{
    [Test]
    public void Rules_AllDefined_AreUniqueAndOrderedById()
    {
        var ids = new ModelScanGate().Rules.Select(r => r.Id).ToList();

        // Other analyzers add their own MOD050-MOD099 rules to the same list; MOD024-MOD049 are grown in reserved blocks.
        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal).And.Unique);
        Assert.That(ids.Where(id => string.CompareOrdinal(id, "MOD050") < 0), Is.EqualTo(Enumerable.Range(1, 26).Concat([30, 31]).Select(i => $"MOD{i:000}")));
    }

    [Test]
    public void Settings_Always_AreTheModelScanDescriptors()
    {
        var gate = new ModelScanGate();

        Assert.That(gate.Name, Is.EqualTo("model-scan"));
        Assert.That(gate.Stage, Is.EqualTo("build"));
        Assert.That(gate.Settings.Select(s => s.Key), Is.EqualTo(new[]
        {
            "allowed-globals", "unknown-globals", "allowed-licenses", "lockfile", "require-signature", "signature-public-keys", "signature-ca-certificates",
            "signature-sigstore-roots", "signature-identities", "signature-oidc-issuers", "max-file-seconds", "max-regex-seconds", "max-decompressed-mb",
            "max-member-decompressed-mb", "max-compression-ratio", "max-pickle-opcodes", "max-pickle-stack-depth", "max-pickle-memo-entries", "max-pickle-expansion",
            "max-archive-depth", "max-file-memory-mb", "max-total-memory-mb",
        }));
    }

    [Test]
    public async Task RunAsync_AllowedGlobalsSetting_SilencesTheAllowedClass()
    {
        // Given a pickle of __main__.Evil and a policy that allows it
        var settings = GateHarness.Settings(("allowed-globals", new Dictionary<string, IReadOnlyList<string>> { ["__main__"] = ["Evil"] }));

        // When scanned with and without the setting
        var allowed = await ModelScanFixture.ScanAsync("malicious/unknown_global.pkl", settings);
        var denied = await ModelScanFixture.ScanAsync("malicious/unknown_global.pkl");

        // Then only the default policy reports it
        Assert.That(allowed, Is.Empty);
        Assert.That(denied.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD003" }));
    }

    [Test]
    public async Task RunAsync_DecompressionBudgetExceeded_ReportsMod001()
    {
        // Given a decompression budget of 1 MiB and a gzip-compressed 6 MiB pickle, which is decompressed as it is scanned
        using var repo = new TempDirectory();
        repo.Write("big.pkl.gz", GzipOf([0x80, 0x02, .. Enumerable.Repeat((byte)'N', 3 * 1024 * 1024).SelectMany(b => new[] { b, (byte)'0' }), (byte)'N', (byte)'.']));

        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("max-decompressed-mb", 1)));

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD001 big.pkl.gz" }));
        Assert.That(findings[0].Message, Does.Contain("budget exceeded"));
    }

    [Test]
    public async Task RunAsync_ManyFiles_ReportsProgressForEach()
    {
        var reports = new List<GateProgress>();
        var files = Directory.EnumerateFiles(Path.Combine(ModelScanFixture.Root, "benign"))
            .Select(f => new ScanFile(f, "benign/" + Path.GetFileName(f), new FileInfo(f).Length)).ToList();
        var context = new GateContext
        {
            RepositoryRoot = ModelScanFixture.Root,
            Files = files,
            Settings = GateSettings.Empty,
            MaxParallelism = 2,
            Progress = new SynchronousProgress(reports),
        };

        var result = await new ModelScanGate().RunAsync(context, CancellationToken.None);

        Assert.That(result.FilesScanned, Is.EqualTo(files.Count));
        Assert.That(reports.Select(r => r.Done).Order(), Is.EqualTo(Enumerable.Range(1, files.Count)));
    }

    [Test]
    public void RunAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var file = Path.Combine(ModelScanFixture.Root, "benign/state_dict.pt");
        var context = new GateContext
        {
            RepositoryRoot = ModelScanFixture.Root,
            Files = [new ScanFile(file, "benign/state_dict.pt", new FileInfo(file).Length)],
            Settings = GateSettings.Empty,
        };

        Assert.That(async () => await new ModelScanGate().RunAsync(context, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    private static byte[] GzipOf(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private sealed class SynchronousProgress(List<GateProgress> reports) : IProgress<GateProgress>
    {
        public void Report(GateProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
