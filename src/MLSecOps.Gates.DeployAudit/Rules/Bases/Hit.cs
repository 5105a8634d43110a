using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules.Bases;

/// <summary>What a rule found, before the gate turns it into a <see cref="Finding"/> and applies in-source ignores.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Path">The repository-relative file path.</param>
/// <param name="Span">The offending key or value, or the container / resource when a key is missing.</param>
/// <param name="Subject">Who it is about, such as <c>Deployment/vllm</c>.</param>
/// <param name="KeyPath">The key path inside the subject, such as <c>spec.template.spec.containers[0].securityContext.privileged</c>.</param>
/// <param name="Message">What is wrong, safe to print.</param>
/// <param name="Evidence">Masked evidence, if any.</param>
internal sealed record Hit(RuleDescriptor Rule, string Path, TextSpan Span, string Subject, string KeyPath, string Message, string? Evidence = null)
{
    /// <summary>Gets the Kubernetes resource whose annotations may ignore the hit.</summary>
    public Manifest? Resource { get; init; }

    /// <summary>Gets another line whose ignore comments also apply, such as the first line of a multi-line Dockerfile instruction.</summary>
    public int? IgnoreLine { get; init; }

    /// <summary>Gets whether the hit is about a key that is absent (so it does not apply to a patch, or where an operator fills the key).</summary>
    public bool Absent { get; init; }

    /// <summary>Gets a severity that replaces the rule's default for this hit, if any.</summary>
    public Severity? Severity { get; init; }

    /// <summary>Creates a hit on a node of a Kubernetes resource.</summary>
    public static Hit On(RuleDescriptor rule, Manifest manifest, YNode node, string keyPath, string message, string? evidence = null) =>
        new(rule, manifest.Path, node.Span, manifest.Id, keyPath, message, evidence) { Resource = manifest };
}
