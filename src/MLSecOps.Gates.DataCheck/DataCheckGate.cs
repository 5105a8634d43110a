using System.Globalization;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Rules;
using MLSecOps.Formats.Locking;
using MLSecOps.Gates.DataCheck.Integrity;
using MLSecOps.Gates.DataCheck.Profiling;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck;

/// <summary>The data-check gate (development stage): stops personal data, secrets and poisoned or tampered data sets in training data.</summary>
public sealed class DataCheckGate : IVerifyingGate
{
    /// <inheritdoc />
    public string Name => "data-check";

    /// <inheritdoc />
    public string Stage => "development";

    /// <inheritdoc />
    public string Description => "stops personal data, secrets and poisoned or tampered data sets in training data";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
    [
        IncompleteScan.Descriptor,
        DatasetChecksumMismatch.Descriptor,
        MalformedDatasetInfo.Descriptor,
        EmailAddress.Descriptor,
        PhoneNumber.Descriptor,
        PaymentCardNumber.Descriptor,
        IbanNumber.Descriptor,
        SocialSecurityNumber.Descriptor,
        IpAddress.Descriptor,
        PersonalDataColumn.Descriptor,
        LeakedCredential.Descriptor,
        PrivateKeyBlock.Descriptor,
        DatabaseUrlPassword.Descriptor,
        HighEntropySecret.Descriptor,
        InstructionOverride.Descriptor,
        PromptSelfReplication.Descriptor,
        MarkdownExfiltration.Descriptor,
        HiddenUnicode.Descriptor,
        HiddenHtmlText.Descriptor,
        ConflictingLabels.Descriptor,
        BackdoorTrigger.Descriptor,
        InstructionTrigger.Descriptor,
        NumericOutlier.Descriptor,
        DvcHashMismatch.Descriptor,
        DvcOutputNotPresent.Descriptor,
        MalformedDataPointer.Descriptor,
        LfsPointerNotSmudged.Descriptor,
        LfsObjectMismatch.Descriptor,
        DataLicenseNotAllowed.Descriptor,
        DataLicenseUnknown.Descriptor,
        SchemaChanged.Descriptor,
        RowCountJump.Descriptor,
        LabelDistributionShift.Descriptor,
        GroupLabelRateShift.Descriptor,
        DataLockChanged.Descriptor,
        DataLockMissing.Descriptor,
        DataLockUnlisted.Descriptor,
    ];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings => DataCheckSettings.Descriptors;

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; } = ["data/**", "datasets/**"];

    /// <inheritdoc />
    public async Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = DataCheckSettings.From(context.Settings);
        var findings = new List<Finding>();
        IReadOnlyDictionary<string, DatasetProfile>? approved = null;
        var profilePath = context.ResolveInRepository(settings.BaselineProfile);
        if (profilePath is null)
        {
            findings.Add(ProfileProblem(settings.BaselineProfile, "the path leaves the repository; drift (DAT050-DAT053) was not checked"));
        }
        else if (File.Exists(profilePath))
        {
            try
            {
                approved = ProfileFile.Read(profilePath);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // Fail closed: a broken approved profile is reported, never taken as "no drift".
                findings.Add(ProfileProblem(context.ToRelativePath(profilePath), $"the approved profile cannot be read ({FindingTextOf(ex)}); drift (DAT050-DAT053) was not checked"));
            }
        }

        var scanner = new DataFileScanner(context, settings, approved);
        findings.AddRange(await ScanAllAsync(context, scanner, cancellationToken).ConfigureAwait(false));
        findings.AddRange(await CheckLockAsync(context, settings, profilePath, cancellationToken).ConfigureAwait(false));
        var assets = await DatasetAssets.FromAsync(context, scanner.Profiles, cancellationToken).ConfigureAwait(false);
        return GateResult.Of(findings, context.Files.Count) with { Assets = assets };
    }

    /// <summary>Checks the data files against the lock file only (DAT080-DAT082), without reading their content: the <c>verify</c> command.</summary>
    /// <param name="context">The gate context, as for a scan.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The lock findings.</returns>
    public async Task<GateResult> VerifyAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = DataCheckSettings.From(context.Settings);
        var findings = await CheckLockAsync(context, settings, context.ResolveInRepository(settings.BaselineProfile), cancellationToken).ConfigureAwait(false);
        return GateResult.Of(findings, context.Files.Count);
    }

    /// <summary>Returns the lock entries of every data file the gate sees (not the approved profile, nor the lock file), for <c>--write-lock</c>.</summary>
    /// <param name="context">The gate context.</param>
    /// <param name="lockFullPath">The lock file's absolute path.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>The entries.</returns>
    public Task<IReadOnlyList<LockEntry>> LockEntriesAsync(GateContext context, string lockFullPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = DataCheckSettings.From(context.Settings);
        var excluded = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(lockFullPath) };
        if (context.ResolveInRepository(settings.BaselineProfile) is { } profile)
        {
            excluded.Add(Path.GetFullPath(profile));
        }

        return DataLock.EntriesAsync(context.Files, excluded, cancellationToken);
    }

    private static async Task<IReadOnlyList<Finding>> CheckLockAsync(GateContext context, DataCheckSettings settings, string? profilePath, CancellationToken cancellationToken)
    {
        if (settings.LockFile is not { Length: > 0 } lockPath)
        {
            return [];
        }

        var (dataLock, problem) = await DataLock.LoadAsync(context, lockPath, cancellationToken).ConfigureAwait(false);
        if (dataLock is null)
        {
            return [problem!];
        }

        var findings = new List<Finding>();
        var profile = profilePath is null ? null : Path.GetFullPath(profilePath);
        foreach (var file in context.Files.Where(f => dataLock.Covers(f) && !string.Equals(Path.GetFullPath(f.FullPath), profile, StringComparison.Ordinal)))
        {
            try
            {
                if (dataLock.Check(file, await FileDigest.OfAsync(file.FullPath, cancellationToken).ConfigureAwait(false)) is { } finding)
                {
                    findings.Add(finding);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                findings.Add(Finding.Create(IncompleteScan.Descriptor, Location.File(file.RelativePath, null), $"Scan incomplete: the file could not be hashed for the lock check ({ex.GetType().Name}).", "lock-hash"));
            }
        }

        findings.AddRange(dataLock.Missing(context));
        return findings;
    }

    /// <summary>Profiles every tabular data set among the context's files and writes the approved profile file (<c>baseline-profile</c>).</summary>
    /// <param name="context">The gate context, as for a scan.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The number of data sets profiled and the absolute path written.</returns>
    /// <exception cref="PolicyException">The <c>baseline-profile</c> path leaves the repository.</exception>
    public async Task<(int Count, string Path)> WriteProfileAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = DataCheckSettings.From(context.Settings);
        var profilePath = context.ResolveInRepository(settings.BaselineProfile)
            ?? throw new PolicyException($"gates.data-check.baseline-profile '{settings.BaselineProfile}' leaves the repository: use a path inside it, such as .mlsecops/data-profile.json");
        var scanner = new DataFileScanner(context, settings);
        await ScanAllAsync(context, scanner, cancellationToken).ConfigureAwait(false);
        await ProfileFile.WriteAsync(profilePath, scanner.Profiles, cancellationToken).ConfigureAwait(false);
        return (scanner.Profiles.Count, profilePath);
    }

    private async Task<IEnumerable<Finding>> ScanAllAsync(GateContext context, DataFileScanner scanner, CancellationToken cancellationToken)
    {
        var files = context.Files;
        var perFile = new IReadOnlyList<Finding>[files.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.MaxParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (index, token) =>
        {
            perFile[index] = await scanner.ScanAsync(files[index], token).ConfigureAwait(false);
            context.Progress?.Report(new GateProgress(Name, Interlocked.Increment(ref done), files.Count));
        }).ConfigureAwait(false);
        return perFile.SelectMany(f => f);
    }

    private static string FindingTextOf(Exception ex) => Scanning.FindingText.Cap(ex.Message.ReplaceLineEndings(" "), 160);

    private static Finding ProfileProblem(string path, string reason) =>
        Finding.Create(IncompleteScan.Descriptor, Location.File(path, null), string.Create(CultureInfo.InvariantCulture, $"Scan incomplete: {reason}."), $"profile:{reason}");
}
