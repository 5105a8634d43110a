using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Rules.Bases;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES006: an agent tool or plugin can write, reach the network or execute, and the threat model does not mitigate unintended system interaction and prompt self-replication.</summary>
internal sealed class AgentToolWithoutGuardrail : ThreatModelRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES006",
        "Agent tool with write, network or execute access and no guardrail",
        "A model that can call a tool which writes, reaches the network or executes code can be steered by injected prompts into acting on systems (excessive agency) or into spreading the injected prompt; such integrations need mitigations for `unintended-system-interaction` and `prompt-self-replication`, not a not-applicable.",
        "Add mitigations to both threats: least-privilege tool scopes, human approval for writes, egress allow-lists, output handling that never feeds model output back as instructions.",
        Severity.High,
        [Threat.UnintendedSystemInteraction, Threat.PromptSelfReplication],
        ["OWASP-LLM06", "OWASP-LLM01", "OWASP-LLM05", "AML.T0053", "AML.T0061", "AML.T0051"],
        example: "A threat-model integration `{ name: shell, kind: agent-tool, capabilities: [execute] }` while `unintended-system-interaction` has no mitigations.");

    private static readonly string[] s_guardedThreats = ["unintended-system-interaction", "prompt-self-replication"];

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(ThreatModelDocument model, DesignDossier dossier)
    {
        var unmitigated = s_guardedThreats.Where(key => model.Threats.FirstOrDefault(t => t.Key == key) is not { Mitigations.Count: > 0 }).ToList();
        if (unmitigated.Count == 0)
        {
            yield break;
        }

        foreach (var integration in model.Integrations.Where(IsPowerful))
        {
            var powers = string.Join(", ", integration.Capabilities.Where(c => c is "write" or "network" or "execute"));
            yield return At(
                model,
                integration.Pointer,
                $"Integration '{integration.Name}' ({integration.Kind}: {powers}) has no mitigation for {string.Join(" and ", unmitigated)}.",
                integration.Name);
        }
    }

    private static bool IsPowerful(Integration integration) =>
        integration.Kind is "agent-tool" or "plugin" && integration.Capabilities.Any(c => c is "write" or "network" or "execute");
}
