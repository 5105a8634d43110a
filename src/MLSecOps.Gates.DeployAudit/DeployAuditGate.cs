using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>The deploy-audit gate (deployment stage): stops insecure model serving: privileged pods, exposed endpoints without auth, missing limits and secrets in manifests.</summary>
public sealed class DeployAuditGate : IGate
{
    /// <inheritdoc />
    public string Name => "deploy-audit";

    /// <inheritdoc />
    public string Stage => "deployment";

    /// <inheritdoc />
    public string Description => "stops insecure model serving: privileged pods, exposed endpoints without auth, missing limits and secrets in manifests";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; } = ["**/*.yaml", "**/*.yml", "**/Dockerfile*", "**/*.Dockerfile", "**/*.dockerfile"];

    /// <inheritdoc />
    public Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(GateResult.Of([], context.Files.Count));
    }
}
