using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Compose;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules.Bases;

/// <summary>A deploy-audit rule: its descriptor; the interfaces below say what it reads.</summary>
internal interface IDeployRule
{
    /// <summary>Gets the rule's descriptor.</summary>
    RuleDescriptor Descriptor { get; }
}

/// <summary>A rule over one Kubernetes resource.</summary>
internal interface IManifestRule : IDeployRule
{
    /// <summary>Evaluates the resource.</summary>
    IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings);
}

/// <summary>A rule over every Kubernetes resource of the run at once (services selecting pods, network policies).</summary>
internal interface IClusterRule : IDeployRule
{
    /// <summary>Evaluates the resources.</summary>
    IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings);

    /// <summary>
    /// Returns the few facts the rule needs from this resource, or null when it needs none. They are taken while the file is
    /// audited and kept to the end of the run (<see cref="ClusterView.FactsOf{T}"/>); the resource's tree is not.
    /// </summary>
    object? Facts(ManifestView view) => null;
}

/// <summary>A rule over a deployed process, from a container, a compose service or a Dockerfile.</summary>
internal interface IProcessRule : IDeployRule
{
    /// <summary>Evaluates the process.</summary>
    IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings);
}

/// <summary>A rule over a Dockerfile.</summary>
internal interface IDockerfileRule : IDeployRule
{
    /// <summary>Evaluates the Dockerfile.</summary>
    IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings);
}

/// <summary>A rule over a docker-compose service.</summary>
internal interface IComposeRule : IDeployRule
{
    /// <summary>Evaluates the service.</summary>
    IEnumerable<Hit> Evaluate(ComposeService service, DeployAuditSettings settings);
}
