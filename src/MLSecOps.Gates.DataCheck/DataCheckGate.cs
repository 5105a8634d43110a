using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck;

/// <summary>The data-check gate (development stage): stops personal data, secrets and poisoned or tampered data sets in training data.</summary>
public sealed class DataCheckGate : IGate
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
        DvcHashMismatch.Descriptor,
        DvcOutputNotPresent.Descriptor,
        MalformedDataPointer.Descriptor,
        LfsPointerNotSmudged.Descriptor,
        LfsObjectMismatch.Descriptor,
        DataLicenseNotAllowed.Descriptor,
        DataLicenseUnknown.Descriptor,
    ];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings => DataCheckSettings.Descriptors;

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; } = ["data/**", "datasets/**"];

    /// <inheritdoc />
    public async Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scanner = new DataFileScanner(context, DataCheckSettings.From(context.Settings));
        var files = context.Files;
        var perFile = new IReadOnlyList<Finding>[files.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.MaxParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (index, token) =>
        {
            perFile[index] = await scanner.ScanAsync(files[index], token).ConfigureAwait(false);
            context.Progress?.Report(new GateProgress(Name, Interlocked.Increment(ref done), files.Count));
        }).ConfigureAwait(false);
        return GateResult.Of(perFile.SelectMany(f => f), files.Count);
    }
}
