using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// Archives and compressed files: PyTorch ZIP checkpoints (any folder name, TorchScript), npz, legacy PyTorch tar,
/// compressed joblib, and any ZIP/TAR/7z or gzip/zlib/LZMA/xz/bzip2/zstd stream holding models; RAR and LZ4 are reported as not opened.
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
        PrefixedPickle.Descriptor,
        .. PickleAnalyzer.PickleRules,
    ];

    /// <inheritdoc />
    public bool RecordsOwnVerdict => true;

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);

        // The classification already looked for a ZIP end record behind leading data.
        return probe.Content.IsContainer;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken) =>
        ContentAnalysis.RunAsync(probe, settings, cancellationToken);
}
