using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>
/// XGBoost models: JSON and UBJSON documents (opening with <c>learner</c>, or a <c>version</c> array then <c>learner</c>) and the legacy binary format (<c>binf</c>, or the headless
/// pre-1.0 layout under <c>.bst</c>/<c>.model</c>/<c>.bin</c>), validated bounded. XGBoost's loaders build trees and parameters only, so
/// what is reported is what steers them: unknown objectives and boosters, sizes and tree links that exhaust them, and code in strings.
/// A pickled or joblib-dumped Booster is a pickle and goes to the pickle scanner, never here.
/// </summary>
internal sealed partial class XGBoostAnalyzer : BlockingFileAnalyzer
{
    private const long MaxDocumentBytes = 256L << 20;

    private enum Layout
    {
        None,
        Json,
        Ubjson,
        Binary,
    }

    /// <inheritdoc />
    public override IReadOnlyList<RuleDescriptor> Rules { get; } =
        [TreeModelUnknownObjective.Descriptor, TreeModelResourceExhaustion.Descriptor, ModelMetadataCode.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public override bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind is ModelContentKind.Unknown or ModelContentKind.Text && LayoutOf(probe) != Layout.None;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Finding> Analyze(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        var layout = LayoutOf(probe);
        var report = new DataModelReport(path, "XGBoost model");
        var name = Path.GetExtension(probe.FileName);
        try
        {
            using var file = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var stream = new BufferedStream(new CancellableStream(file, cancellationToken), 64 * 1024);
            switch (layout)
            {
                case Layout.Json or Layout.Ubjson:
                    if (file.Length > MaxDocumentBytes)
                    {
                        return [IncompleteScan.Create(path, null, $"the XGBoost model has {file.Length:N0} bytes, more than the {MaxDocumentBytes:N0} the validator reads") with { Severity = Severity.Medium }];
                    }

                    var json = layout == Layout.Json ? ReadAll(stream, file.Length) : new UbjsonTranscoder(stream, 4 * MaxDocumentBytes, cancellationToken).Transcode();
                    using (var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }))
                    {
                        XGBoostJsonModel.Check(document.RootElement, report, cancellationToken);
                    }

                    break;
                default:
                    if (!XGBoostBinaryModel.HasMagic(probe.Head.Span) && !XGBoostBinaryModel.LooksHeadless(probe.Head.Span))
                    {
                        // Only a `.bst`/`.ubj` name got it here: binary data under XGBoost's own name that is no XGBoost layout.
                        return [IncompleteScan.Create(path, null, $"the file is named `{name}` but is not an XGBoost model (no JSON, UBJSON or binary learner)") with { Severity = Severity.Medium }];
                    }

                    new XGBoostBinaryModel(stream, report, cancellationToken).Read();
                    break;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or EndOfStreamException)
        {
            report.Findings.Add(Malformed(path, ex.Message));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Findings.Add(IncompleteScan.Create(path, null, $"the XGBoost model could not be read ({ex.Message})"));
        }

        return [.. report.Findings.Take(settings.Budget.MaxFindingsPerFile)];
    }

    /// <summary>MOD001 at medium: XGBoost refuses what does not parse, and even what parses holds no code (docs/gates/model-scan-formats.md).</summary>
    private static Finding Malformed(string path, string reason) =>
        IncompleteScan.Create(path, null, $"the XGBoost model is malformed ({reason}); XGBoost's loader refuses it, and no XGBoost layout carries code") with { Severity = Severity.Medium };

    private static Layout LayoutOf(ModelFileProbe probe)
    {
        var head = probe.Head.Span;
        var name = probe.FileName;
        if (JsonHead().IsMatch(System.Text.Encoding.ASCII.GetString(head[..Math.Min(head.Length, 128)])))
        {
            return Layout.Json;
        }

        if ((head.Length > 16 && head[0] == (byte)'{' && head[1..16].IndexOf("learner"u8) >= 0) || name.EndsWith(".ubj", StringComparison.Ordinal))
        {
            return Layout.Ubjson;
        }

        if (XGBoostBinaryModel.HasMagic(head) || (probe.Content.Kind == ModelContentKind.Unknown
            && (name.EndsWith(".bst", StringComparison.Ordinal) || (name.EndsWith(".model", StringComparison.Ordinal) || name.EndsWith(".bin", StringComparison.Ordinal)) && XGBoostBinaryModel.LooksHeadless(head))))
        {
            return Layout.Binary;
        }

        return Layout.None;
    }

    private static ReadOnlyMemory<byte> ReadAll(Stream stream, long length)
    {
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? bytes : throw new InvalidDataException("the JSON is not valid UTF-8");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\{\s*(?:""learner""\s*:\s*\{|""version""\s*:\s*\[\s*\d+\s*,\s*\d+[\d\s,]*\]\s*,\s*""learner""\s*:)", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 1000)]
    private static partial System.Text.RegularExpressions.Regex JsonHead();
}
