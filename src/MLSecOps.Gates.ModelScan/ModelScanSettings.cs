using MLSecOps.Core.Gates;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Pickle;

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
        new("max-file-seconds", SettingKind.Integer, "Wall-clock seconds one model file may take before it is reported as not fully analysed (MOD001). Default: 120."),
        new("max-decompressed-mb", SettingKind.Integer, "MiB that may be decompressed from one file's archive members before the rest is reported as not analysed (MOD001). Default: 4096."),
    ];

    /// <summary>Gets extra allowed pickle globals: module → qualified names (<c>*</c> allows the whole module).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedGlobals { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets the allowed licence ids; empty means any.</summary>
    public IReadOnlyList<string> AllowedLicenses { get; init; } = [];

    /// <summary>Gets the lock file path, relative to the repository root.</summary>
    public string? LockFile { get; init; }

    /// <summary>Gets the pickle policy: the built-in allowlist plus <see cref="AllowedGlobals"/>.</summary>
    public PickleGlobalPolicy PickleGlobals { get; init; } = PickleGlobalPolicy.Default;

    /// <summary>Gets the per-file scan budget.</summary>
    public ScanBudget Budget { get; init; } = new();

    /// <summary>Reads the settings from the gate's policy section.</summary>
    public static ModelScanSettings From(GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var allowed = settings.GetMap("allowed-globals");
        var defaults = new ScanBudget();
        return new ModelScanSettings
        {
            AllowedGlobals = allowed,
            AllowedLicenses = [.. settings.GetList("allowed-licenses").Select(l => l.ToLowerInvariant())],
            LockFile = settings.GetString("lockfile"),
            PickleGlobals = allowed.Count == 0 ? PickleGlobalPolicy.Default : new PickleGlobalPolicy(allowed),
            Budget = defaults with
            {
                PerFileTime = TimeSpan.FromSeconds(Math.Max(1, settings.GetInteger("max-file-seconds", (int)defaults.PerFileTime.TotalSeconds))),
                MaxDecompressedBytes = Math.Max(1, settings.GetInteger("max-decompressed-mb", (int)(defaults.MaxDecompressedBytes / (1024 * 1024)))) * 1024L * 1024,
            },
        };
    }
}
