using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Archives;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// Archives and compressed files: PyTorch ZIP checkpoints (any folder name, TorchScript), npz, legacy PyTorch tar,
/// compressed joblib, and any ZIP/TAR/gzip holding models; 7z, RAR, xz, bzip2, zstd and LZ4 are reported as not opened.
/// </summary>
internal sealed class ArchiveAnalyzer : IModelFileAnalyzer
{
    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
    [
        TorchScriptCode.Descriptor,
        ZipNameMismatch.Descriptor,
        ZipHeaderAnomaly.Descriptor,
        ArchivePathTraversal.Descriptor,
        ArchiveLink.Descriptor,
        ArchiveBomb.Descriptor,
        EncryptedArchiveMember.Descriptor,
        NumpyObjectArray.Descriptor,
        .. PickleAnalyzer.PickleRules,
    ];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var kind = ModelContentSniffer.Sniff(probe.Head.Span, probe.File.Length, probe.FileName);
        if (ModelContentSniffer.IsContainer(kind))
        {
            return true;
        }

        // A ZIP with data in front of it only shows itself at its end; look there for files named like models.
        if (kind != ModelContentKind.Unknown || !ModelFileNames.HasModelExtension(probe.FileName) || probe.File.Length < 22)
        {
            return false;
        }

        using var file = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return LenientZipReader.HasEndRecord(file);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken) =>
        ContentAnalysis.RunAsync(probe, settings, cancellationToken);
}
