using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>The gate's explicit ordered rule list, split by what each rule reads.</summary>
internal sealed class DeployRuleSet
{
    public DeployRuleSet(IReadOnlyList<IDeployRule> rules)
    {
        All = rules;
        Manifest = [.. rules.OfType<IManifestRule>()];
        Cluster = [.. rules.OfType<IClusterRule>()];
        Process = [.. rules.OfType<IProcessRule>()];
        Dockerfile = [.. rules.OfType<IDockerfileRule>()];
        Compose = [.. rules.OfType<IComposeRule>()];
        TorchServe = [.. rules.OfType<ITorchServeConfigRule>()];
    }

    /// <summary>Gets every rule in order.</summary>
    public IReadOnlyList<IDeployRule> All { get; }

    /// <summary>Gets the rules over one Kubernetes resource.</summary>
    public IReadOnlyList<IManifestRule> Manifest { get; }

    /// <summary>Gets the rules over all resources at once.</summary>
    public IReadOnlyList<IClusterRule> Cluster { get; }

    /// <summary>Gets the rules over deployed processes.</summary>
    public IReadOnlyList<IProcessRule> Process { get; }

    /// <summary>Gets the Dockerfile rules.</summary>
    public IReadOnlyList<IDockerfileRule> Dockerfile { get; }

    /// <summary>Gets the compose rules.</summary>
    public IReadOnlyList<IComposeRule> Compose { get; }

    /// <summary>Gets the TorchServe config rules.</summary>
    public IReadOnlyList<ITorchServeConfigRule> TorchServe { get; }
}
