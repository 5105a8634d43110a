using MLSecOps.Core.Gates;

namespace MLSecOps.Gates.DesignReview;

/// <summary>The <c>design-review</c> section of <c>.mlsecops.yml</c>.</summary>
internal sealed record DesignReviewSettings
{
    /// <summary>The default threat model path, relative to the scanned folder.</summary>
    public const string DefaultThreatModel = "docs/threat-model.yml";

    /// <summary>The keys the section accepts, besides paths and exclude.</summary>
    public static IReadOnlyList<SettingDescriptor> Descriptors { get; } =
    [
        new("threat-model", SettingKind.String, "The threat model file, relative to the scanned folder. Default: `docs/threat-model.yml`."),
        new("model-cards", SettingKind.StringList, "Model cards to check instead of discovering one per model folder (`README.md` in the folder or the nearest parent). Default: discovered."),
        new("model-card", SettingKind.String, "One model card to check (same as a one-item `model-cards`)."),
        new("data-cards", SettingKind.StringList, "Data-set cards to check instead of discovering one per data folder. Default: discovered."),
        new("approvers", SettingKind.StringList, "Who may sign off a pull request that changes models, data, serving configs or the threat model: GitHub logins or `@org/team`; Azure DevOps unique names or display names. Default: any approving reviewer on GitHub, required reviewers on Azure DevOps."),
        new("require-sign-off", SettingKind.Boolean, "Check the security sign-off on pull requests (DES030–DES033). Default: true."),
        new("sign-off-paths", SettingKind.StringList, "Extra repository globs whose change needs a sign-off, besides models, data, serving configs and the threat model. Default: none."),
    ];

    /// <summary>Gets the threat model path, relative to the scanned folder.</summary>
    public string ThreatModel { get; init; } = DefaultThreatModel;

    /// <summary>Gets the configured model cards; empty means discover them.</summary>
    public IReadOnlyList<string> ModelCards { get; init; } = [];

    /// <summary>Gets the configured data-set cards; empty means discover them.</summary>
    public IReadOnlyList<string> DataCards { get; init; } = [];

    /// <summary>Gets the approvers.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Gets whether the sign-off is checked.</summary>
    public bool RequireSignOff { get; init; } = true;

    /// <summary>Gets the extra sign-off globs.</summary>
    public IReadOnlyList<string> SignOffPaths { get; init; } = [];

    /// <summary>Reads the settings from the gate's policy section.</summary>
    /// <param name="settings">The section.</param>
    /// <returns>The settings.</returns>
    public static DesignReviewSettings From(GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DesignReviewSettings
        {
            ThreatModel = settings.GetString("threat-model") ?? DefaultThreatModel,
            ModelCards = [.. settings.GetList("model-cards"), .. settings.GetString("model-card") is { } one ? [one] : Array.Empty<string>()],
            DataCards = settings.GetList("data-cards"),
            Approvers = settings.GetList("approvers"),
            RequireSignOff = settings.GetBoolean("require-sign-off", true),
            SignOffPaths = settings.GetList("sign-off-paths"),
        };
    }
}
