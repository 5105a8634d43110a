using CsCheck;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Properties;

/// <summary>
/// Random truncations and bit flips of every committed model-scan fixture, through the whole gate: the scan never throws, and a
/// damaged malicious file is never a clean pass (it keeps a finding at medium or above, or MOD001 says it was not fully analysed).
/// </summary>
public sealed class MutatedFixtureProperties
{
    // Fixtures whose expectations (in the rule and format tests) are a code-execution or file-access payload, beyond malicious/.
    private static readonly string[] MaliciousFormats =
    [
        "formats/gguf/ssti.gguf", "formats/gguf/attr-bypass.gguf",
        "formats/onnx/python-op/model.onnx", "formats/onnx/traversal/model.onnx", "formats/onnx/nested-traversal/model.onnx", "formats/onnx/absolute/model.onnx",
        "formats/safetensors/appended-pickle.safetensors", "formats/safetensors/metadata-code-and-pickle.safetensors",
        "formats/tensorflow/writefile/saved_model.pb",
        "formats/keras/lambda.h5", "formats/keras/lambda-vlen.h5", "formats/keras/tfop-write-file.h5",
        "formats/keras/lambda.keras", "formats/keras/nested-lambda.keras", "formats/keras/module-os.keras", "formats/keras/get-file.keras",
        "ecosystem/containers/malicious-checkpoint.7z", "ecosystem/containers/malicious.pkl.zst", "ecosystem/torchserve/evil-handler.mar",
        "ecosystem/skops/evil-type.skops", "ecosystem/pmml/external-entity.pmml", "ecosystem/rdata/promise.rds",
    ];

    private const string SampleSeed = "42vf_m4POAW1";
    private const int SampleSize = 40;

    // Clean passes the sample finds today, by root cause; each is reported to the model-scan owners (see the issue 8 closing note).
    private static readonly Dictionary<string, string> KnownGaps = new(StringComparer.Ordinal)
    {
        ["malicious/payload.pkl.gz"] = TruncatedCompression,
        ["malicious/payload.tar.gz"] = TruncatedCompression,
        ["malicious/traversal_symlink.zip"] = BrokenZipMagic,
        ["malicious/npy_trailing.npy"] = DamagedNpyHeader,
        ["malicious/object_array.npy"] = DamagedNpyHeader,
    };

    // Mutations whose result is a complete, benign file (a clean pass is right), each checked byte for byte below.
    private static readonly Dictionary<string, (string Mutation, byte[] Result, string Why)> BenignResults = new(StringComparer.Ordinal)
    {
        ["malicious/junk_between.pkl"] = ("truncated to 4 bytes", [0x80, 0x02, 0x4E, 0x2E], "the first pickle alone, PROTO 2 NONE STOP, which loads None: the payload is in the second"),
    };

    private const string TruncatedCompression = "a truncated gzip stream decompresses quietly to a prefix, and a prefix too short to classify passes clean";
    private const string BrokenZipMagic = "a damaged local-header signature hides a .zip (not a model extension) although Python's zipfile opens it by its end record";
    private const string DamagedNpyHeader = "a damaged .npy header dict or version is skipped instead of reported as not analysed";

    private static IEnumerable<string> AllFixtures() =>
        Directory.EnumerateFiles(ModelScanFixture.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".py", StringComparison.Ordinal) && new FileInfo(f).Length is > 1 and < 1024 * 1024)
            .Select(f => Path.GetRelativePath(ModelScanFixture.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> MaliciousFixtures() =>
        AllFixtures().Where(f => f.StartsWith("malicious/", StringComparison.Ordinal) || MaliciousFormats.Contains(f));

    [TestCaseSource(nameof(AllFixtures))]
    public void Scan_TruncatedOrBitFlippedFixture_NeverThrows(string fixture)
    {
        var original = File.ReadAllBytes(Path.Combine(ModelScanFixture.Root, fixture));
        using var repo = new TempDirectory();

        FixtureMutation.For(original.Length).Sample(
            mutation =>
            {
                IReadOnlyList<Finding> findings = [];
                Assert.That(() => findings = Scan(repo, fixture, mutation.Apply(original)), Throws.Nothing, mutation.ToString());

                // The gate turns an analyzer's exception into MOD001 (fail closed); that message means a parser bug all the same.
                Assert.That(findings.Select(f => f.Message), Has.None.Match(@"\b(failed|could not examine the file) \("), mutation.ToString());
            },
            iter: 12,
            threads: 1);
    }

    /// <summary>Counterexamples the random sample above found once; replayed on every run.</summary>
    [TestCase("benign/zip64_state_dict.pt", 258, 4, 1061, 7)]
    public void Scan_KnownCounterexample_NeverThrows(string fixture, int offset1, int bit1, int offset2, int bit2)
    {
        var original = File.ReadAllBytes(Path.Combine(ModelScanFixture.Root, fixture));
        var mutation = new FixtureMutation(original.Length, [(offset1, bit1), (offset2, bit2)]);
        using var repo = new TempDirectory();
        IReadOnlyList<Finding> findings = [];

        Assert.That(() => findings = Scan(repo, fixture, mutation.Apply(original)), Throws.Nothing);
        Assert.That(findings.Select(f => f.Message), Has.None.Match(@"\b(failed|could not examine the file) \("));
    }

    [TestCaseSource(nameof(MaliciousFixtures))]
    public void Scan_TruncatedOrBitFlippedMaliciousFixture_IsNeverACleanPass(string fixture)
    {
        var original = File.ReadAllBytes(Path.Combine(ModelScanFixture.Root, fixture));
        using var repo = new TempDirectory();
        Assert.That(Blocks(Scan(repo, fixture, original)), Is.True, "the unmutated fixture must be reported");

        // One fixed sample of mutations per fixture (iter 1 of a seeded array), so that CI sees the same counterexamples every run.
        var passes = new List<string>();
        FixtureMutation.For(original.Length).Array[SampleSize].Sample(
            mutations => passes.AddRange(mutations.Where(m => !Blocks(Scan(repo, fixture, m.Apply(original))) && !IsBenignResult(fixture, m, original)).Select(m => m.ToString())),
            seed: SampleSeed,
            iter: 1,
            threads: 1);

        if (KnownGaps.TryGetValue(fixture, out var gap) && passes.Count > 0)
        {
            Assert.Warn($"known gap ({gap}); clean passes: {string.Join("; ", passes)}");
            return;
        }

        Assert.That(passes, Is.Empty, "mutated copies that pass clean");
    }

    private static bool IsBenignResult(string fixture, FixtureMutation mutation, byte[] original) =>
        BenignResults.TryGetValue(fixture, out var benign) && mutation.ToString() == benign.Mutation && mutation.Apply(original).AsSpan().SequenceEqual(benign.Result);

    private static bool Blocks(IReadOnlyList<Finding> findings) =>
        findings.Any(f => f.Severity >= Severity.Medium || f.Rule.Id == "MOD001");

    private static IReadOnlyList<Finding> Scan(TempDirectory repo, string fixture, byte[] content)
    {
        // The same relative path as the fixture: ONNX external data and shard indexes resolve next to it.
        var source = Path.GetDirectoryName(Path.Combine(ModelScanFixture.Root, fixture))!;
        var target = Path.Combine(repo.Path, Path.GetDirectoryName(fixture)!);
        Directory.CreateDirectory(target);
        foreach (var sibling in Directory.EnumerateFiles(source).Where(s => fixture.StartsWith("formats/", StringComparison.Ordinal) && Path.GetFileName(s) != Path.GetFileName(fixture)))
        {
            File.Copy(sibling, Path.Combine(target, Path.GetFileName(sibling)), overwrite: true);
        }

        var full = Path.Combine(repo.Path, fixture);
        File.WriteAllBytes(full, content);
        var file = new MLSecOps.Core.Gates.ScanFile(full, fixture, content.Length);
        return GateHarness.RunAsync(new ModelScanGate(), repo.Path, [file]).GetAwaiter().GetResult();
    }
}
