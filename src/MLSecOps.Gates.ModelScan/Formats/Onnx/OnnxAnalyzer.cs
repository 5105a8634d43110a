using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Onnx;

/// <summary>ONNX models: external-data locations, custom operator domains and Python operators, through subgraphs; tensor bytes are skipped.</summary>
internal sealed class OnnxAnalyzer : IModelFileAnalyzer
{
    private static readonly HashSet<string> StandardDomains = new(StringComparer.Ordinal)
    {
        "", "ai.onnx", "ai.onnx.ml", "ai.onnx.training", "ai.onnx.preview.training", "com.microsoft", "com.microsoft.nchwc", "com.microsoft.experimental",
    };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
        [OnnxExternalDataEscape.Descriptor, OnnxExternalDataMissing.Descriptor, OnnxCustomOperatorDomain.Descriptor, OnnxPythonOperator.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    /// <remarks>ONNX has no magic bytes, so the extension decides; a file that then fails to parse is reported (MOD001).</remarks>
    public bool Accepts(ModelFileProbe probe) => probe.FileName.EndsWith(".onnx", StringComparison.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        try
        {
            using var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            return Task.FromResult(Analyze(probe, stream, settings, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([IncompleteScan.Create(path, null, $"the ONNX file could not be opened ({ex.Message})")]);
        }
    }

    /// <summary>Analyses the open, seekable <paramref name="content"/> of the probed file; what was read before an error or the deadline is kept.</summary>
    internal static IReadOnlyList<Finding> Analyze(ModelFileProbe probe, Stream content, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        var model = new OnnxModelReader();
        string? incomplete = null;
        try
        {
            using var stream = new BufferedStream(new CancellableStream(content, cancellationToken), 64 * 1024);
            model.Read(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or EndOfStreamException)
        {
            incomplete = $"the ONNX protobuf could not be read ({ex.Message})";
        }
        catch (OperationCanceledException)
        {
            // The file's deadline or the gate's budget: what was found so far is kept; the gate rethrows its own cancellation.
            incomplete = $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s";
        }

        var findings = new List<Finding>();
        var modelDirectory = Path.GetDirectoryName(Path.GetFullPath(probe.File.FullPath))!;
        foreach (var group in model.ExternalTensors.GroupBy(t => t.Location, StringComparer.Ordinal))
        {
            var (logical, location) = group.First();
            findings.AddRange(CheckLocation(path, logical, location, modelDirectory));
        }

        foreach (var group in model.Domains.Where(d => !StandardDomains.Contains(d.Domain)).GroupBy(d => d.Domain, StringComparer.Ordinal))
        {
            var (logical, domain) = group.First();
            findings.Add(OnnxCustomOperatorDomain.Create(path, logical, $"The model uses the custom operator domain '{domain}', whose operators are native code loaded by the runtime.", domain));
        }

        foreach (var (logical, opType) in model.Ops.Where(o => IsPythonOperator(o.OpType)))
        {
            findings.Add(OnnxPythonOperator.Create(path, logical, $"Node '{logical}' uses the Python operator '{opType}'.", opType));
        }

        findings.AddRange(model.Problems.Distinct(StringComparer.Ordinal).Take(10).Select(problem => IncompleteScan.Create(path, null, problem)));
        if (incomplete is not null)
        {
            findings.Add(IncompleteScan.Create(path, null, incomplete));
        }

        return findings;
    }

    private static IEnumerable<Finding> CheckLocation(string path, string logical, string? location, string modelDirectory)
    {
        if (string.IsNullOrEmpty(location))
        {
            yield return OnnxExternalDataMissing.Create(path, logical, $"Tensor '{logical}' is stored externally but names no location.", "");
            yield break;
        }

        if (IsUrlOrAbsolute(location))
        {
            yield return OnnxExternalDataEscape.Create(path, logical, $"Tensor '{logical}' reads its data from '{location}', an absolute path or URL outside the model folder.", location);
            yield break;
        }

        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(modelDirectory, location.Replace('\\', '/')));
        }
        catch (ArgumentException)
        {
            full = "";
        }

        if (!IsInside(full, modelDirectory))
        {
            yield return OnnxExternalDataEscape.Create(path, logical, $"Tensor '{logical}' reads its data from '{location}', which climbs out of the model folder.", location);
            yield break;
        }

        if (!File.Exists(full))
        {
            yield return OnnxExternalDataMissing.Create(path, logical, $"Tensor '{logical}' reads its data from '{location}', which is not in the model folder.", location);
            yield break;
        }

        if (LinksOutside(full, modelDirectory))
        {
            yield return OnnxExternalDataEscape.Create(path, logical, $"Tensor '{logical}' reads its data from '{location}' through a link to a place outside the model folder.", location);
        }
    }

    // Any symbolic link between the model folder and the file (the file included) that resolves outside the folder; a link that cannot be resolved counts.
    private static bool LinksOutside(string full, string modelDirectory)
    {
        try
        {
            return AnyLinkOutside(full, modelDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static bool AnyLinkOutside(string full, string modelDirectory)
    {
        for (var current = full; current.Length > modelDirectory.Length; current = Path.GetDirectoryName(current)!)
        {
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null
                && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
                && !IsInside(Path.GetFullPath(target.FullName), modelDirectory))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUrlOrAbsolute(string location) =>
        location.Contains("://", StringComparison.Ordinal)
        || location.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        || location[0] is '/' or '\\' or '~'
        || (location.Length >= 2 && char.IsAsciiLetter(location[0]) && location[1] == ':');

    private static bool IsInside(string fullPath, string directory) =>
        fullPath.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsPythonOperator(string opType) =>
        opType.Contains("python", StringComparison.OrdinalIgnoreCase) || opType is "PyOp" or "PyFunc";
}
