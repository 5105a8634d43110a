using MLSecOps.Core.Gates;
using MLSecOps.Core.Reviews;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Repository;
using MLSecOps.Gates.DesignReview.ThreatModel;
using MLSecOps.Gates.DesignReview.Yaml;

namespace MLSecOps.Gates.DesignReview;

/// <summary>Everything the design-review rules judge, gathered once per run: inventory, threat model, cards, history and reviews.</summary>
internal sealed record DesignDossier
{
    /// <summary>Gets the gate context (policy overrides and waivers included).</summary>
    public required GateContext Context { get; init; }

    /// <summary>Gets the gate settings.</summary>
    public required DesignReviewSettings Settings { get; init; }

    /// <summary>Gets the models, data and serving configurations found.</summary>
    public required RepositoryInventory Inventory { get; init; }

    /// <summary>Gets the repository-relative threat model path.</summary>
    public required string ThreatModelPath { get; init; }

    /// <summary>Gets whether the threat model file exists.</summary>
    public bool ThreatModelFound { get; init; }

    /// <summary>Gets the parsed threat model, when it parsed.</summary>
    public ThreatModelDocument? ThreatModel { get; init; }

    /// <summary>Gets why the threat model could not be parsed, if so.</summary>
    public YamlParseError? ThreatModelError { get; init; }

    /// <summary>Gets the schema violations of the threat model.</summary>
    public IReadOnlyList<SchemaViolation> SchemaViolations { get; init; } = [];

    /// <summary>Gets the model cards expected.</summary>
    public IReadOnlyList<CardReference> ModelCards { get; init; } = [];

    /// <summary>Gets the data-set cards expected.</summary>
    public IReadOnlyList<CardReference> DataCards { get; init; } = [];

    /// <summary>Gets when the threat model was last committed, if known.</summary>
    public DateTimeOffset? ThreatModelCommitted { get; init; }

    /// <summary>Gets when the models and data it covers were last committed, if known.</summary>
    public DateTimeOffset? ArtifactsCommitted { get; init; }

    /// <summary>Gets the pull-request reviews, or <see langword="null"/> when the sign-off is not checked.</summary>
    public ChangeReviewResult? Review { get; init; }

    /// <summary>Gets the changed paths of the pull request that need a sign-off.</summary>
    public IReadOnlyList<string> SignOffChanges { get; init; } = [];
}
