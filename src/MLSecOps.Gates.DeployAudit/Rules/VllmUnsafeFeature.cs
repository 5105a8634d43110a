using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP059: vLLM development or runtime-mutation endpoints are switched on.</summary>
internal sealed class VllmUnsafeFeature : IProcessRule
{
    private static readonly string[] s_env = ["VLLM_SERVER_DEV_MODE", "VLLM_ALLOW_RUNTIME_LORA_UPDATING"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP059",
        "vLLM development or runtime-update endpoints enabled",
        "`VLLM_SERVER_DEV_MODE=1` exposes `/collective_rpc` (arbitrary RPC to the workers) and other debug routes; `VLLM_ALLOW_RUNTIME_LORA_UPDATING` lets callers load LoRA adapters from arbitrary paths at runtime. vLLM's security guide says neither belongs in production.",
        "Remove these variables from production deployments; load adapters at start-up with `--lora-modules` from a reviewed location.",
        Severity.Medium,
        [Threat.UnintendedSystemInteraction, Threat.DataPoisoning],
        ["CWE-489", "AML.T0018"],
        Precision.VeryHigh,
        example: "A vLLM container with `env: [{ name: VLLM_SERVER_DEV_MODE, value: \"1\" }]`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        foreach (var env in process.Env.Where(e => Array.IndexOf(s_env, e.Name) >= 0 && e.Value?.ToUpperInvariant() is "1" or "TRUE"))
        {
            yield return new Hit(Rule, process.Path, env.Span, process.Subject, env.KeyPath, $"{process.Subject} sets {env.Name}={env.Value}.") { Resource = process.Resource };
        }
    }
}
