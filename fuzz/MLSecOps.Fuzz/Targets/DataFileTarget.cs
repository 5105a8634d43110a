using MLSecOps.Core.Gates;
using MLSecOps.Gates.DataCheck;

namespace MLSecOps.Fuzz.Targets;

/// <summary>A data file (CSV, JSONL, JSON, Parquet) run through the whole <see cref="DataCheckGate"/>; an exception that escapes the gate breaks the contract.</summary>
/// <param name="name">The target name.</param>
/// <param name="fileName">The repository-relative name the input is written under (the gate routes partly by name).</param>
/// <param name="extension">The extension of the committed fixtures under tests/fixtures/data-check that seed the corpus.</param>
/// <param name="seedFolder">A folder under fuzz/MLSecOps.Fuzz/seeds with more seeds of that extension, or null.</param>
internal sealed class DataFileTarget(string name, string fileName, string extension, string? seedFolder = null) : IFuzzTarget
{
    private static readonly DataCheckGate s_gate = new();

    public string Name => name;

    public IReadOnlyList<string> Seeds(string repositoryRoot) =>
        [.. Directory.EnumerateFiles(Path.Combine(repositoryRoot, "tests", "fixtures", "data-check"), "*" + extension, SearchOption.AllDirectories)
            .Concat(seedFolder is null ? [] : Directory.EnumerateFiles(Path.Combine(repositoryRoot, "fuzz", "MLSecOps.Fuzz", "seeds", seedFolder), "*" + extension))
            .Order(StringComparer.Ordinal)];

    public void Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var full = Workspace.Shared.Write(fileName, input);
        var context = new GateContext
        {
            RepositoryRoot = Workspace.Shared.Root,
            Files = [new ScanFile(full, fileName, input.Length)],
            // Well inside the per-input deadline: a reader that never returns must end as the gate's own DAT001, not a hang.
            Settings = GateSettings.Empty.With("max-file-seconds", 5),
            MaxParallelism = 1,
        };
        var result = Deadline.Wait(token => s_gate.RunAsync(context, token), nameof(DataCheckGate));
        if (result?.Findings is null)
        {
            throw new FuzzContractException("the data-check gate returned no result");
        }
    }
}
