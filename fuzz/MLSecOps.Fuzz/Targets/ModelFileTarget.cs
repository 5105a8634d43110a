using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Fuzz.Targets;

/// <summary>
/// A model file offered to the model-scan analyzers exactly as <see cref="ModelScanGate"/> does (probe, every accepting analyzer in
/// gate order, then the name/content check), but without the gate's catch-all: an analyzer that throws has a bug even though the
/// gate would turn it into MOD001.
/// </summary>
/// <param name="name">The target name.</param>
/// <param name="fileName">The repository-relative name the input is written under (the gate routes partly by name).</param>
/// <param name="isSeed">Which committed fixtures under tests/fixtures/model-scan seed the corpus.</param>
internal sealed class ModelFileTarget(string name, string fileName, Func<string, byte[], bool> isSeed) : IFuzzTarget
{
    private static readonly IModelFileAnalyzer[] s_analyzers =
    [
        new PickleAnalyzer(),
        new NumpyAnalyzer(),
        new ArchiveAnalyzer(),
        .. FormatAnalyzers.All,
    ];

    private static readonly ModelScanSettings s_settings = ModelScanSettings.From(GateSettings.Empty);

    public string Name => name;

    public IReadOnlyList<string> Seeds(string repositoryRoot)
    {
        var root = Path.Combine(repositoryRoot, "tests", "fixtures", "model-scan");
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".py", StringComparison.Ordinal))
            .Where(f => isSeed(Path.GetFileName(f).ToLowerInvariant(), Head(f)))
            .Order(StringComparer.Ordinal)];
    }

    public void Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var full = Workspace.Shared.Write(fileName, input);
        var file = new ScanFile(full, fileName, input.Length);
        var probe = new ModelFileProbe(file, input.AsMemory(0, Math.Min(input.Length, ModelFileProbe.HeadLength)));
        foreach (var analyzer in s_analyzers)
        {
            if (!analyzer.Accepts(probe))
            {
                continue;
            }

            var findings = Deadline.Wait(token => analyzer.AnalyzeAsync(probe, s_settings, token), analyzer.GetType().Name);
            Check(findings, analyzer);
        }

        var kind = ModelContentSniffer.Sniff(probe.Head.Span, file.Length, probe.FileName);
        _ = ModelFileNames.Mismatch(kind, probe.FileName);
    }

    /// <summary>Accepts fixtures by name suffix.</summary>
    public static Func<string, byte[], bool> Named(params string[] suffixes) =>
        (name, _) => suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

    /// <summary>Accepts fixtures whose content starts with <paramref name="magic"/>.</summary>
    public static Func<string, byte[], bool> Starting(byte[] magic) =>
        (_, head) => head.AsSpan().StartsWith(magic);

    private static void Check(IReadOnlyList<Finding> findings, IModelFileAnalyzer analyzer)
    {
        if (findings is null || findings.Any(f => f is null))
        {
            throw new FuzzContractException($"{analyzer.GetType().Name} returned a null finding list or a null finding");
        }
    }

    private static byte[] Head(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[ModelFileProbe.HeadLength];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read];
    }
}
