using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.SafeTensors;

/// <summary>safetensors files: header bounds, tensor layout and what hides after the tensors.</summary>
internal sealed class SafeTensorsAnalyzer : IModelFileAnalyzer
{
    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
    [
        SafeTensorsInvalidHeader.Descriptor, SafeTensorsInconsistentLayout.Descriptor, SafeTensorsTrailingData.Descriptor,
        SafeTensorsAppendedPickle.Descriptor, SafeTensorsSuspiciousMetadata.Descriptor, IncompleteScan.Descriptor,
    ];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        // Content: a little-endian u64 followed by '{'. The extension catches files whose header is broken.
        var head = probe.Head.Span;
        return probe.FileName.EndsWith(".safetensors", StringComparison.Ordinal) || (head.Length > 8 && head[8] == (byte)'{' && head[5] == 0 && head[6] == 0 && head[7] == 0);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            return Task.FromResult(Analyze(probe, stream, settings, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([IncompleteScan.Create(probe.File.RelativePath, null, $"the safetensors file could not be opened ({ex.Message})")]);
        }
    }

    /// <summary>Analyses the open, seekable <paramref name="content"/> of the probed file; what was found before an error or the deadline is kept.</summary>
    internal static IReadOnlyList<Finding> Analyze(ModelFileProbe probe, Stream content, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        try
        {
            using var stream = new CancellableStream(content, cancellationToken);
            SafeTensorsHeaderCheck.Check(probe.File.RelativePath, stream, findings, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            findings.Add(IncompleteScan.Create(probe.File.RelativePath, null, $"the safetensors file could not be read ({ex.Message})"));
        }
        catch (OperationCanceledException)
        {
            // The file's deadline or the gate's budget: what was found so far is kept; the gate rethrows its own cancellation.
            findings.Add(IncompleteScan.Create(probe.File.RelativePath, null, $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s"));
        }

        return findings;
    }
}
