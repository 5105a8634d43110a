using MLSecOps.Core.Gates;

namespace MLSecOps.Gates.DataCheck;

/// <summary>The <c>data-check</c> section of <c>.mlsecops.yml</c>.</summary>
internal sealed record DataCheckSettings
{
    /// <summary>The keys the section accepts, besides paths and exclude.</summary>
    public static IReadOnlyList<SettingDescriptor> Descriptors { get; } =
    [
        new("max-bytes", SettingKind.Integer, "MiB read from one data file (after decompression) before the rest is reported as not scanned (DAT001). Default: 4096."),
        new("max-file-seconds", SettingKind.Integer, "Wall-clock seconds one data file may take before the rest is reported as not scanned (DAT001). Default: 300."),
        new("label-column", SettingKind.String, "The label column or field for the poisoning checks. Default: detected (label, labels, target, class, y, sentiment, category)."),
        new("allowed-licenses", SettingKind.StringList, "Data-set licence ids (data-set card front matter) that are allowed, lower case. Default: any, but NC, ND, unknown and missing are reported."),
        new("min-trigger-rows", SettingKind.Integer, "Rows a token must appear in before it can be reported as a backdoor trigger (DAT041, DAT042). Default: 10."),
        new("max-trigger-share-percent", SettingKind.Integer, "Largest share of rows, in percent, a trigger candidate may appear in (triggers are rare). Default: 5."),
        new("baseline-profile", SettingKind.String, "The approved profile file that `--write-profile` writes and later runs compare with (DAT050-DAT053), relative to the policy file. Default: .mlsecops/data-profile.json."),
        new("sensitive-columns", SettingKind.StringList, "Columns whose groups get their label rate profiled (DAT053), lower case. Default: detected (gender, sex, age, age_group, race, ethnicity, religion, nationality, disability, marital_status)."),
        new("max-row-change-percent", SettingKind.Integer, "Largest change of the record count, in percent of the approved count, before DAT051. Default: 50."),
        new("max-label-shift-percent", SettingKind.Integer, "Largest move of a label's share, in percentage points, before DAT052. Default: 10."),
        new("lockfile", SettingKind.String, "The lock file of models and data (the same file as gates.model-scan.lockfile) that `--write-lock` writes and later runs compare every data file with (DAT080-DAT082), relative to the policy file. Default: none (not checked)."),
        new("max-group-shift-percent", SettingKind.Integer, "Largest move of a label's share within a sensitive group, in percentage points, before DAT053. Default: 10."),
        new("max-json-depth", SettingKind.Integer, "Deepest nesting of a JSON document read as a tree (1-1000); the rest of a deeper document is reported as not scanned (DAT001). Default: 64."),
        new("max-row-mb", SettingKind.Integer, "MiB of one CSV row or one JSON value held in memory; the rest of a file with a longer one is reported as not scanned (DAT001). Default: 16."),
    ];

    /// <summary>Gets the byte budget per file.</summary>
    public long MaxBytes { get; init; } = 4096L * 1024 * 1024;

    /// <summary>Gets the time budget per file.</summary>
    public TimeSpan MaxFileTime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets the configured label column, if any.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Gets the allowed licence ids; empty means any except NC/ND/unknown.</summary>
    public IReadOnlyList<string> AllowedLicenses { get; init; } = [];

    /// <summary>Gets the fewest rows a trigger candidate needs.</summary>
    public int MinTriggerRows { get; init; } = 10;

    /// <summary>Gets the largest share of rows a trigger candidate may have.</summary>
    public double MaxTriggerShare { get; init; } = 0.05;

    /// <summary>Gets the approved profile path, relative to the policy file.</summary>
    public string BaselineProfile { get; init; } = ".mlsecops/data-profile.json";

    /// <summary>Gets the configured sensitive columns (lower case); empty means detected.</summary>
    public IReadOnlyList<string> SensitiveColumns { get; init; } = [];

    /// <summary>Gets the largest allowed row-count change in percent.</summary>
    public int MaxRowChangePercent { get; init; } = 50;

    /// <summary>Gets the largest allowed label-share move in points.</summary>
    public int MaxLabelShiftPercent { get; init; } = 10;

    /// <summary>Gets the largest allowed label-share move within a group in points.</summary>
    public int MaxGroupShiftPercent { get; init; } = 10;

    /// <summary>Gets the lock file path, relative to the policy file, or null when data is not locked.</summary>
    public string? LockFile { get; init; }

    /// <summary>Gets the deepest JSON nesting read.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Gets the most bytes (characters for CSV) of one row or JSON value held in memory.</summary>
    public int MaxRowBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Reads the settings from the gate's policy section.</summary>
    public static DataCheckSettings From(GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaults = new DataCheckSettings();
        return new DataCheckSettings
        {
            MaxBytes = Math.Max(1, settings.GetInteger("max-bytes", (int)(defaults.MaxBytes >> 20))) * 1024L * 1024,
            MaxFileTime = TimeSpan.FromSeconds(Math.Max(1, settings.GetInteger("max-file-seconds", (int)defaults.MaxFileTime.TotalSeconds))),
            LabelColumn = settings.GetString("label-column"),
            AllowedLicenses = [.. settings.GetList("allowed-licenses").Select(l => l.ToLowerInvariant())],
            MinTriggerRows = Math.Max(2, settings.GetInteger("min-trigger-rows", defaults.MinTriggerRows)),
            MaxTriggerShare = Math.Clamp(settings.GetInteger("max-trigger-share-percent", 5), 1, 100) / 100.0,
            BaselineProfile = settings.GetString("baseline-profile") ?? defaults.BaselineProfile,
            SensitiveColumns = [.. settings.GetList("sensitive-columns").Select(c => c.Trim().ToLowerInvariant())],
            MaxRowChangePercent = Math.Max(0, settings.GetInteger("max-row-change-percent", defaults.MaxRowChangePercent)),
            MaxLabelShiftPercent = Math.Clamp(settings.GetInteger("max-label-shift-percent", defaults.MaxLabelShiftPercent), 0, 100),
            LockFile = settings.GetString("lockfile"),
            MaxGroupShiftPercent = Math.Clamp(settings.GetInteger("max-group-shift-percent", defaults.MaxGroupShiftPercent), 0, 100),
            MaxJsonDepth = Math.Clamp(settings.GetInteger("max-json-depth", defaults.MaxJsonDepth), 1, 1000),
            MaxRowBytes = Math.Clamp(settings.GetInteger("max-row-mb", defaults.MaxRowBytes >> 20), 1, 1024) * 1024 * 1024,
        };
    }
}
