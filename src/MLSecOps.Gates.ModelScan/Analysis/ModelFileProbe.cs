using MLSecOps.Core.Gates;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>A file offered to the analyzers: where it is and its first bytes for content sniffing.</summary>
/// <param name="File">The file.</param>
/// <param name="Head">Up to the first <see cref="HeadLength"/> bytes.</param>
internal sealed record ModelFileProbe(ScanFile File, ReadOnlyMemory<byte> Head)
{
    /// <summary>How many leading bytes are read for sniffing.</summary>
    public const int HeadLength = 512;

    /// <summary>Gets the lower-case file name, a hint only.</summary>
    public string FileName => Path.GetFileName(File.RelativePath).ToLowerInvariant();
}
