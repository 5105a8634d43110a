using MLSecOps.Core.Gates;
using MLSecOps.Core.Reviews;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Rules;

namespace MLSecOps.Gates.DesignReview;

/// <summary>The design-review gate (design stage): stops shipping a model with no threat model, no model or data-set card, or no security sign-off.</summary>
public sealed class DesignReviewGate : IGate
{
    private static readonly IDesignRule[] s_rules =
    [
        new ThreatModelMissing(),
        new ThreatModelInvalid(),
        new ThreatNotAddressed(),
        new ThreatModelPlaceholder(),
        new VerificationRuleDisabled(),
        new AgentToolWithoutGuardrail(),
        new ThreatModelOutdated(),
        new UnknownAtlasTechnique(),
        new ModelCardMissing(),
        new ModelCardMetadataMissing(),
        new ModelCardSectionMissing(),
        new BiasEvaluationMissing(),
        new ModelIndexMalformed(),
        new CardPlaceholder(),
        new CardUnreadable(),
        new DatasetCardMissing(),
        new DatasetCardIncomplete(),
        new SignOffMissing(),
        new SignOffChangesRequested(),
        new SignOffNotChecked(),
        new SignOffUnverifiable(),
    ];

    private readonly IChangeReviewSource? _reviews;

    /// <summary>Initializes a new instance of the <see cref="DesignReviewGate"/> class.</summary>
    /// <param name="reviews">Where pull-request reviews come from; <see langword="null"/> leaves the sign-off rules out.</param>
    public DesignReviewGate(IChangeReviewSource? reviews = null) => _reviews = reviews;

    /// <inheritdoc />
    public string Name => "design-review";

    /// <inheritdoc />
    public string Stage => "design";

    /// <inheritdoc />
    public string Description => "stops shipping a model with no threat model, no model or data-set card, or no security sign-off";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [.. s_rules.Select(r => r.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings => DesignReviewSettings.Descriptors;

    /// <inheritdoc />
    /// <remarks>Every file: the gate classifies models, data and serving configs by path and reads only the threat model and the cards.</remarks>
    public IReadOnlyList<string> DefaultPaths { get; } = ["**/*"];

    /// <inheritdoc />
    public async Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dossier = await new DossierBuilder(_reviews).BuildAsync(context, cancellationToken).ConfigureAwait(false);
        var findings = s_rules.SelectMany(r => r.Evaluate(dossier)).ToList();
        context.Progress?.Report(new GateProgress(Name, context.Files.Count, context.Files.Count));
        return GateResult.Of(findings, context.Files.Count) with { Assets = DesignInventory.Assets(dossier), Mitigations = DesignInventory.Mitigations(dossier) };
    }
}
