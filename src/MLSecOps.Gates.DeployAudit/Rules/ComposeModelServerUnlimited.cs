using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Compose;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP093: a compose model server has no memory limit.</summary>
internal sealed class ComposeModelServerUnlimited : IComposeRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP093",
        "Compose model server without a memory limit",
        "A model server with no `mem_limit` or `deploy.resources.limits.memory` can take all of the host's memory under a burst of long prompts or large batches, taking down every other service on the host.",
        "Set `deploy.resources.limits.memory` (or `mem_limit`) and, for GPUs, reserve devices explicitly with `deploy.resources.reservations.devices` and a `count`.",
        Severity.Low,
        [Threat.ModelDenialOfService],
        ["CWE-770", "OWASP-LLM10"],
        Precision.High,
        example: "A compose service running `vllm/vllm-openai` with no `mem_limit` and no `deploy.resources.limits.memory`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ComposeService service, DeployAuditSettings settings)
    {
        var limited = service.Body["mem_limit"] is not null
            || (service.Body.Map("deploy")?.Map("resources")?.Map("limits") is YMap limits && limits["memory"] is not null);
        if (service.Process.Kinds != ServerKinds.None && !limited)
        {
            yield return new Hit(Rule, service.Path, service.NameNode.Span, service.Subject, "deploy.resources.limits.memory", $"Model server service '{service.Name}' has no memory limit.");
        }
    }
}
