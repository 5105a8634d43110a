using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>The <c>deploy-audit</c> section of <c>.mlsecops.yml</c>.</summary>
internal sealed record DeployAuditSettings
{
    /// <summary>The keys the section accepts, besides paths and exclude.</summary>
    public static IReadOnlyList<SettingDescriptor> Descriptors { get; } =
    [
        new("trusted-registries", SettingKind.StringList, "Image prefixes (registry or registry/org) images must come from, such as `ghcr.io/acme/`. Default: none (DEP027 off)."),
        new("require-digest", SettingKind.Boolean, "Raise DEP025 (image not pinned by digest) from low to high. Default: false."),
        new("model-server-images", SettingKind.StringList, "Extra image name fragments treated as model servers (exposure, limits and probe rules), such as `acme/llm-gateway`. Default: none."),
        new("max-yaml-depth", SettingKind.Integer, $"Deepest nesting of YAML collections read before the file is reported as DEP004 (not fully audited). Default: {YamlLimits.DefaultMaxDepth}; at most {YamlLimits.HighestMaxDepth}."),
        new("max-yaml-nodes", SettingKind.Integer, $"Most YAML nodes in one document, with every alias expanded (billion-laughs guard), before DEP004. Default: {YamlLimits.DefaultMaxWeight}."),
        new("max-yaml-documents", SettingKind.Integer, $"Most YAML documents read from one file before DEP004. Default: {YamlLimits.DefaultMaxDocuments}."),
    ];

    /// <summary>Gets the trusted image prefixes; empty means any registry.</summary>
    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    /// <summary>Gets whether an image without a digest is high rather than low.</summary>
    public bool RequireDigest { get; init; }

    /// <summary>Gets extra model-server image fragments.</summary>
    public IReadOnlyList<string> ModelServerImages { get; init; } = [];

    /// <summary>Gets the YAML budgets; each hit is a DEP004 finding.</summary>
    public YamlLimits YamlLimits { get; init; } = YamlLimits.Default;

    /// <summary>Reads the settings from the gate's policy section.</summary>
    public static DeployAuditSettings From(GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DeployAuditSettings
        {
            TrustedRegistries = settings.GetList("trusted-registries"),
            RequireDigest = settings.GetBoolean("require-digest", false),
            ModelServerImages = settings.GetList("model-server-images"),
            YamlLimits = new YamlLimits(
                settings.GetInteger("max-yaml-documents", YamlLimits.DefaultMaxDocuments),
                // The policy file is attacker input too: a depth past what the recursive reader's stack holds is capped.
                Math.Min(settings.GetInteger("max-yaml-depth", YamlLimits.DefaultMaxDepth), YamlLimits.HighestMaxDepth),
                settings.GetInteger("max-yaml-nodes", YamlLimits.DefaultMaxWeight)),
        };
    }
}
