using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules.Bases;

/// <summary>A rule over a TorchServe config.properties (a ConfigMap value or a file).</summary>
internal interface ITorchServeConfigRule : IDeployRule
{
    /// <summary>Evaluates the config.</summary>
    IEnumerable<Hit> Evaluate(TorchServeConfig config, DeployAuditSettings settings);
}
