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
        new("helm", SettingKind.String, "How chart templates are rendered: `auto` (default: the CLI runs the `helm` found on the PATH), `off` (DEP002 once per chart), or an absolute path to a helm binary outside the repository."),
        new("helm-timeout", SettingKind.Integer, $"Seconds one `helm template` may run before it is killed and the chart reported as not rendered (DEP002). Default: {DefaultHelmTimeoutSeconds}; 1 to {HighestHelmTimeoutSeconds}."),
        new("max-yaml-documents", SettingKind.Integer, $"Most YAML documents read from one file before DEP004. Default: {YamlLimits.DefaultMaxDocuments}."),
    ];

    /// <summary>The default helm-timeout, in seconds.</summary>
    public const int DefaultHelmTimeoutSeconds = 60;

    /// <summary>The highest helm-timeout accepted, in seconds.</summary>
    public const int HighestHelmTimeoutSeconds = 600;

    /// <summary>Gets the absolute path of the helm that renders charts, or <see langword="null"/> when charts are not rendered.</summary>
    /// <remarks>The gate never searches the PATH: <c>auto</c> is resolved by the CLI; an unresolved <c>auto</c> means off.</remarks>
    public string? HelmExecutable { get; init; }

    /// <summary>Gets how long one <c>helm template</c> may run.</summary>
    public TimeSpan HelmTimeout { get; init; } = TimeSpan.FromSeconds(DefaultHelmTimeoutSeconds);

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
            HelmExecutable = settings.GetString("helm") is { } helm && Path.IsPathFullyQualified(helm) ? helm : null,
            HelmTimeout = TimeSpan.FromSeconds(Math.Clamp(settings.GetInteger("helm-timeout", DefaultHelmTimeoutSeconds), 1, HighestHelmTimeoutSeconds)),
            YamlLimits = new YamlLimits(
                settings.GetInteger("max-yaml-documents", YamlLimits.DefaultMaxDocuments),
                // The policy file is attacker input too: a depth past what the recursive reader's stack holds is capped.
                Math.Min(settings.GetInteger("max-yaml-depth", YamlLimits.DefaultMaxDepth), YamlLimits.HighestMaxDepth),
                settings.GetInteger("max-yaml-nodes", YamlLimits.DefaultMaxWeight)),
        };
    }
}
