using System.Text;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Gates.DataCheck;
using MLSecOps.Gates.DeployAudit;
using MLSecOps.Gates.DesignReview;
using MLSecOps.Gates.ModelScan;

namespace MLSecOps.Fuzz.Targets;

/// <summary>
/// <c>.mlsecops.yml</c> through <see cref="PolicyLoader"/> with the CLI's gates: a pull request controls that file, so any text
/// must give a policy or a <see cref="PolicyException"/> (one line, exit 2), nothing else.
/// </summary>
internal sealed class PolicyTarget : IFuzzTarget
{
    private static readonly PolicyLoader s_loader = new(
        [new DesignReviewGate(), new DataCheckGate(), new ModelScanGate(), new DeployAuditGate()], PolicyRules.All);

    public string Name => "policy";

    public IReadOnlyList<string> Seeds(string repositoryRoot) =>
    [
        Path.Combine(repositoryRoot, "examples", "ml-repo", ".mlsecops.yml"),
        .. Directory.EnumerateFiles(Path.Combine(repositoryRoot, "fuzz", "MLSecOps.Fuzz", "seeds", "policy")).Order(StringComparer.Ordinal),
    ];

    public void Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(input));
            _ = s_loader.Parse(reader, ".mlsecops.yml");
        }
        catch (PolicyException ex) when (!ex.Message.Contains('\n', StringComparison.Ordinal))
        {
            // The contract: a user mistake is one line naming the file.
        }
    }
}
