using MLSecOps.Cli.Scanning;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck;
using MLSecOps.Gates.DeployAudit;
using MLSecOps.Gates.DesignReview;
using MLSecOps.Gates.ModelScan;

namespace MLSecOps.Cli;

/// <summary>Every registration of the CLI, in labelled groups; tests swap parts through the overrides callback.</summary>
public sealed class CompositionRoot
{
    /// <summary>Initializes a new instance of the <see cref="CompositionRoot"/> class.</summary>
    /// <param name="host">The process environment.</param>
    public CompositionRoot(CliHost host)
    {
        Host = host;
        // Deferred: the command tree needs only names and descriptions; a gate (its rules, analyzers and assemblies)
        // is built when a command uses it. CompositionRootTests checks these strings against the built gates.
        Gates =
        [
            new DeferredGate("design-review", "design", "stops shipping a model with no threat model, no model or data-set card, or no security sign-off", () => new DesignReviewGate(new PlatformReviewSource(host))),
            new DeferredGate("data-check", "development", "stops personal data, secrets and poisoned or tampered data sets in training data", static () => new DataCheckGate()),
            new DeferredGate("model-scan", "build", "stops model files that run code when loaded, lie about their contents, or are unpinned or unlicensed", static () => new ModelScanGate()),
            new DeferredGate("deploy-audit", "deployment", "stops insecure model serving: privileged pods, exposed endpoints without auth, missing limits and secrets in manifests", static () => new DeployAuditGate()),
        ];
    }

    /// <summary>Gets the process environment.</summary>
    public CliHost Host { get; }

    /// <summary>Gets or sets the gates, in life-cycle order (Gates group).</summary>
    public IReadOnlyList<IGate> Gates { get; set; }

    /// <summary>Gets every rule: the gates' and the policy core's (Core group).</summary>
    public IReadOnlyList<RuleDescriptor> AllRules =>
        [.. Gates.SelectMany(g => g.Rules).Concat(PolicyRules.All).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Returns the registered gate of type <typeparamref name="TGate"/>, built.</summary>
    /// <typeparam name="TGate">The gate type.</typeparam>
    /// <returns>The gate.</returns>
    public TGate Gate<TGate>()
        where TGate : IGate => Gates.Select(DeferredGate.Unwrap).OfType<TGate>().Single();
}
