using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules.Bases;

/// <summary>A rule checked on every container of every pod spec, CRDs included; leaves state only the predicate.</summary>
internal abstract class ContainerRuleBase : IManifestRule
{
    /// <inheritdoc />
    public abstract RuleDescriptor Descriptor { get; }

    /// <inheritdoc />
    /// <remarks>A loop, not SelectMany: every rule runs on every resource, and the closure, delegate and iterator of a SelectMany per call were a tenth of a scan's allocations.</remarks>
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings) => view.Containers.Count == 0 ? [] : Each(view.Containers, settings);

    /// <summary>Checks one container.</summary>
    protected abstract IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings);

    /// <summary>Creates a hit on <paramref name="node"/> of the container.</summary>
    protected Hit HitOn(ContainerSite container, YNode node, string keySuffix, string message, string? evidence = null) =>
        Hit.On(Descriptor, container.Manifest, node, keySuffix.Length == 0 ? container.KeyPath : $"{container.KeyPath}.{keySuffix}", message, evidence);

    /// <summary>Creates a hit on the container itself (for a missing key), pointing at its name.</summary>
    protected Hit HitOnContainer(ContainerSite container, string keySuffix, string message) =>
        HitOn(container, container.Container.KeyNode("name") ?? (YNode)container.Container, keySuffix, message) with { Absent = true };

    /// <summary>
    /// Reports a container whose own securityContext does not set <paramref name="key"/> to <paramref name="required"/>:
    /// on the key when it holds another value, on the container when it is missing.
    /// </summary>
    protected IEnumerable<Hit> RequireSecurityFlag(ContainerSite container, string key, bool required, string missingMessage, string wrongMessage)
    {
        var flag = container.SecurityContext?.Scalar(key);
        if ((required ? flag?.IsTrue : flag?.IsFalse) == true)
        {
            return [];
        }

        return
        [
            flag is null
                ? HitOnContainer(container, $"securityContext.{key}", missingMessage)
                : HitOn(container, flag, $"securityContext.{key}", wrongMessage),
        ];
    }

    private IEnumerable<Hit> Each(IReadOnlyList<(ContainerSite Site, ServerProcess Process)> containers, DeployAuditSettings settings)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            foreach (var hit in Check(containers[i].Site, containers[i].Process, settings))
            {
                yield return hit;
            }
        }
    }
}
