using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>POL007: a gate's <c>paths</c> match no file while files that gate checks exist elsewhere, so it silently passes.</summary>
public static class GatePathsMatchNothing
{
    private const int MaxExamples = 3;

    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "POL007",
        "Gate paths match no file",
        "The policy gives a gate `paths` that match no file in the scan, while files that gate knows how to check exist at other paths. The gate then checks nothing and reports a pass that means nothing.",
        "Point the gate's `paths` in `.mlsecops.yml` at the folders that hold its files (the finding names a few), or remove `paths` to use the gate's defaults.",
        Severity.Low,
        [Threat.Misconfiguration],
        [],
        Precision.High,
        example: "`gates: { deploy-audit: { paths: [\"deploy/**\"] } }` while the manifests live in `k8s/deployment.yaml`.");

    /// <summary>Returns the finding when the policy names paths for <paramref name="gate"/> that select nothing although it understands other files.</summary>
    /// <param name="gate">The gate.</param>
    /// <param name="paths">The gate's <c>paths</c> from the policy; empty when the policy names none.</param>
    /// <param name="selected">How many files the paths selected.</param>
    /// <param name="discovered">Every file of the scan, in discovery order.</param>
    /// <param name="policyPath">The repository-relative policy file path, where the finding points.</param>
    /// <returns>The finding, or <see langword="null"/>.</returns>
    public static Finding? Check(IGate gate, IReadOnlyList<string> paths, int selected, IEnumerable<ScanFile> discovered, string policyPath)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(discovered);
        if (paths.Count == 0 || selected > 0)
        {
            return null;
        }

        var understood = discovered.Where(gate.Understands).Select(f => f.RelativePath).Take(MaxExamples + 1).ToList();
        if (understood.Count == 0)
        {
            return null;
        }

        var examples = string.Join(", ", understood.Take(MaxExamples)) + (understood.Count > MaxExamples ? ", …" : "");
        return Finding.Create(
            Descriptor,
            new Location(policyPath),
            $"Gate {gate.Name} checked no file: its paths ({string.Join(", ", paths)}) match nothing, but it can check {examples}.",
            $"paths-match-nothing:{gate.Name}") with { Gate = gate.Name };
    }
}
