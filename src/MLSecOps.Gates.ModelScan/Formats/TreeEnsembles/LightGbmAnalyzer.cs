using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>
/// LightGBM text models, recognised by content (<c>tree</c> then <c>version=</c>) under any name (<c>model.txt</c>, <c>.model</c>), and
/// anything named <c>.lgb</c>.
/// A pickled or joblib-dumped Booster is a pickle and goes to the pickle scanner.
/// </summary>
internal sealed class LightGbmAnalyzer : BlockingFileAnalyzer
{
    /// <inheritdoc />
    public override IReadOnlyList<RuleDescriptor> Rules { get; } =
        [TreeModelUnknownObjective.Descriptor, TreeModelResourceExhaustion.Descriptor, ModelMetadataCode.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public override bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind is ModelContentKind.Text or ModelContentKind.Unknown
            && (LightGbmTextModel.LooksLike(probe.Head.Span) || probe.FileName.EndsWith(".lgb", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Finding> Analyze(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        var report = new DataModelReport(path, "LightGBM model");
        if (!LightGbmTextModel.LooksLike(probe.Head.Span))
        {
            return [IncompleteScan.Create(path, null, "the file is named .lgb but is not a LightGBM text model (no `tree` and `version=` head)") with { Severity = Severity.Medium }];
        }

        try
        {
            using var file = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var stream = new BufferedStream(new CancellableStream(file, cancellationToken), 64 * 1024);
            new LightGbmTextModel(stream, report, cancellationToken).Read();
        }
        catch (InvalidDataException ex)
        {
            // Medium: LightGBM refuses what does not parse, and even what parses holds no code (docs/gates/model-scan-formats.md).
            report.Findings.Add(IncompleteScan.Create(path, null, $"the LightGBM model does not validate ({ex.Message}); its text format carries no code, so this does not block") with { Severity = Severity.Medium });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Findings.Add(IncompleteScan.Create(path, null, $"the LightGBM model could not be read ({ex.Message})"));
        }

        return [.. report.Findings.Take(settings.Budget.MaxFindingsPerFile)];
    }
}
