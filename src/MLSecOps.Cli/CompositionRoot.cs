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
        Gates =
        [
            new DesignReviewGate(new PlatformReviewSource(host)),
            new DataCheckGate(),
            new ModelScanGate(),
            new DeployAuditGate(),
        ];
    }

    /// <summary>Gets the process environment.</summary>
    public CliHost Host { get; }

    /// <summary>Gets or sets the gates, in life-cycle order (Gates group).</summary>
    public IReadOnlyList<IGate> Gates { get; set; }

    /// <summary>Gets every rule: the gates' and the policy core's (Core group).</summary>
    public IReadOnlyList<RuleDescriptor> AllRules =>
        [.. Gates.SelectMany(g => g.Rules).Concat(PolicyRules.All).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)];
}
