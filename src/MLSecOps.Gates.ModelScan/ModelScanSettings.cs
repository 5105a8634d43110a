using MLSecOps.Core.Gates;

namespace MLSecOps.Gates.ModelScan;

/// <summary>The <c>model-scan</c> section of <c>.mlsecops.yml</c>.</summary>
internal sealed record ModelScanSettings
{
    /// <summary>The keys the section accepts, besides paths and exclude.</summary>
    public static IReadOnlyList<SettingDescriptor> Descriptors { get; } =
    [
        new("allowed-globals", SettingKind.StringListMap, "Extra (module → names) pairs pickles may reference, beyond the built-in allowlist. Default: none."),
        new("allowed-licenses", SettingKind.StringList, "SPDX ids of model licences that are allowed, lower case. Default: any licence, but a missing one is reported."),
        new("lockfile", SettingKind.String, "Repository-relative path of the SHA-256 lock file of model files. Default: none (integrity not checked)."),
    ];

    /// <summary>Gets extra allowed pickle globals: module → qualified names (<c>*</c> allows the whole module).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedGlobals { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets the allowed licence ids; empty means any.</summary>
    public IReadOnlyList<string> AllowedLicenses { get; init; } = [];

    /// <summary>Gets the lock file path, relative to the repository root.</summary>
    public string? LockFile { get; init; }

    /// <summary>Reads the settings from the gate's policy section.</summary>
    public static ModelScanSettings From(GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ModelScanSettings
        {
            AllowedGlobals = settings.GetMap("allowed-globals"),
            AllowedLicenses = [.. settings.GetList("allowed-licenses").Select(l => l.ToLowerInvariant())],
            LockFile = settings.GetString("lockfile"),
        };
    }
}
