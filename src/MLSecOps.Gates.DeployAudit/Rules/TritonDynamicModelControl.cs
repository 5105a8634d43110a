using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP053: Triton loads models at runtime (explicit / poll) without restricting the model-repository API.</summary>
internal sealed class TritonDynamicModelControl : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP053",
        "Triton dynamic model loading without a restricted API",
        "With `--model-control-mode=explicit` (load/unload API) or `poll` (watch the repository), anyone who can call Triton's model-repository API or write the repository can load a model whose Python backend runs arbitrary code. Triton's deployment guide recommends `none` unless dynamic updates are required, and then restricting the API.",
        "Use `--model-control-mode=none`, or restrict the API: `--http-restricted-api=model-repository:admin-key=<secret>` and `--grpc-restricted-protocol=model-repository:admin-key=<secret>`, with the repository read-only to the server.",
        Severity.High,
        [Threat.UnintendedSystemInteraction, Threat.MalwareDistribution],
        ["CWE-306", "CWE-94", "AML.T0010", "AML.T0018"],
        Precision.High,
        example: "A Triton container started with `tritonserver --model-repository=/models --model-control-mode=explicit` and no `--http-restricted-api`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        if (process.FlagWithValue("--model-control-mode") is not { } mode || mode.Value.ToLowerInvariant() is not ("explicit" or "poll"))
        {
            yield break;
        }

        var restricted = new[] { "--http-restricted-api", "--grpc-restricted-protocol" }
            .Any(f => process.FlagWithValue(f)?.Value.Contains("model-repository", StringComparison.OrdinalIgnoreCase) == true);
        if (!restricted)
        {
            yield return new Hit(Rule, process.Path, mode.Token.Span, process.Subject, mode.Token.KeyPath,
                $"Triton in {process.Subject} uses --model-control-mode={mode.Value} without a restricted model-repository API.") { Resource = process.Resource };
        }
    }
}
