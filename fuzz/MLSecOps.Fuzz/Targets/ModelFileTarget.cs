using System.Text.RegularExpressions;
using MLSecOps.Core.Gates;
using MLSecOps.Gates.ModelScan;

namespace MLSecOps.Fuzz.Targets;

/// <summary>
/// A model file run through the whole <see cref="ModelScanGate"/>, as the CLI runs it. The gate turns an analyzer's exception into
/// MOD001 (fail closed); such a finding, or a per-file timeout, still breaks the target's contract, since it is a parser bug.
/// </summary>
/// <param name="name">The target name.</param>
/// <param name="fileName">The repository-relative name the input is written under (the gate routes partly by name).</param>
/// <param name="isSeed">Which committed fixtures under tests/fixtures/model-scan seed the corpus, by lower-case name and first bytes.</param>
internal sealed partial class ModelFileTarget(string name, string fileName, Func<string, byte[], bool> isSeed) : IFuzzTarget
{
    private const int HeadLength = 512;
    private static readonly ModelScanGate s_gate = new();

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
        var context = new GateContext
        {
            RepositoryRoot = Workspace.Shared.Root,
            Files = [new ScanFile(full, fileName, input.Length)],
            Settings = new GateSettings(new Dictionary<string, object> { ["max-file-seconds"] = (int)Math.Ceiling(Deadline.PerInput.TotalSeconds) }),
            MaxParallelism = 1,
        };
        var result = Deadline.Wait(token => s_gate.RunAsync(context, token), nameof(ModelScanGate));
        if (result?.Findings is null)
        {
            throw new FuzzContractException("the model-scan gate returned no result");
        }

        if (result.Findings.FirstOrDefault(f => f.Rule.Id == "MOD001" && SafetyNet().IsMatch(f.Message)) is { } caught)
        {
            throw new FuzzContractException($"the gate's safety net caught a parser failure: {caught.Message}");
        }
    }

    /// <summary>Accepts fixtures by name suffix.</summary>
    public static Func<string, byte[], bool> Named(params string[] suffixes) =>
        (name, _) => suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

    /// <summary>Accepts fixtures whose content starts with <paramref name="magic"/>.</summary>
    public static Func<string, byte[], bool> Starting(byte[] magic) =>
        (_, head) => head.AsSpan().StartsWith(magic);

    private static byte[] Head(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[HeadLength];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read];
    }

    // The gate's catch-all messages (ModelScanGate): an analyzer threw, could not decide, or ran past the per-file time.
    [GeneratedRegex(@"\b(failed|could not examine the file) \(|took longer than", RegexOptions.CultureInvariant)]
    private static partial Regex SafetyNet();
}
