using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit;

namespace MLSecOps.Fuzz.Targets;

/// <summary>A deployment file (YAML manifest, compose file, Dockerfile, TorchServe properties) run through the whole <see cref="DeployAuditGate"/>, which has no catch-all.</summary>
/// <param name="name">The target name.</param>
/// <param name="fileName">The repository-relative name the input is written under (the gate routes by name).</param>
/// <param name="isSeed">Which committed fixtures under tests/fixtures/deploy-audit seed the corpus, by file name.</param>
internal sealed class DeployFileTarget(string name, string fileName, Func<string, bool> isSeed) : IFuzzTarget
{
    private static readonly DeployAuditGate s_gate = new();

    public string Name => name;

    public IReadOnlyList<string> Seeds(string repositoryRoot)
    {
        var root = Path.Combine(repositoryRoot, "tests", "fixtures", "deploy-audit");
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => isSeed(Path.GetFileName(f)))
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
            Settings = GateSettings.Empty,
            MaxParallelism = 1,
        };
        var result = Deadline.Wait(token => s_gate.RunAsync(context, token), nameof(DeployAuditGate));
        if (result?.Findings is null)
        {
            throw new FuzzContractException("the deploy-audit gate returned no result");
        }
    }
}
