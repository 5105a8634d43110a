using MLSecOps.Core.Gates;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>A file offered to the analyzers: where it is, its first bytes, and its classification (decided once, by the gate).</summary>
/// <param name="File">The file.</param>
/// <param name="Head">Up to the first <see cref="HeadLength"/> bytes.</param>
/// <param name="Content">What the file is; analyzers use this instead of sniffing again.</param>
internal sealed record ModelFileProbe(ScanFile File, ReadOnlyMemory<byte> Head, ContentClassification Content) : IDisposable
{
    // The stream the gate classified: the first analyzer that reads the file gets it, so a file is opened once.
    private Stream? _open;

    /// <summary>How many leading bytes are kept for analyzers that look at them.</summary>
    public const int HeadLength = ModelContentClassifier.HeadLength;

    /// <summary>Gets where analyzers record that they read the file to a verdict.</summary>
    public FileVerdict Verdict { get; } = new();

    /// <summary>Gets the lower-case file name, a hint only.</summary>
    public string FileName => Content.FileName;

    /// <summary>Reads and classifies <paramref name="file"/> (tests and tools; the gate classifies the stream it already has open).</summary>
    public static ModelFileProbe Read(ScanFile file, bool inModelFolder = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return Of(file, stream, inModelFolder);
    }

    /// <summary>Opens and classifies <paramref name="file"/>, keeping it open for <see cref="OpenRead"/> (the gate: one open per file).</summary>
    public static ModelFileProbe Open(ScanFile file, bool inModelFolder)
    {
        ArgumentNullException.ThrowIfNull(file);
        var stream = OpenFile(file.FullPath);
        try
        {
            var probe = Of(file, stream, inModelFolder);
            probe._open = stream;
            return probe;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Classifies the open, seekable <paramref name="stream"/> of <paramref name="file"/>.</summary>
    public static ModelFileProbe Of(ScanFile file, Stream stream, bool inModelFolder)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(stream);
        var hints = new ContentClassification(ModelContentKind.Unknown, NameOf(file.RelativePath), inModelFolder);
        var start = stream.Position;
        var content = ModelContentClassifier.Classify(stream, hints, wholeFile: true, out _, out var head);
        stream.Position = start;
        return new ModelFileProbe(file, head, content);
    }

    /// <summary>Returns the file from its start, for the caller to dispose: the stream the gate classified the first time, a new one after.</summary>
    public Stream OpenRead()
    {
        if (Interlocked.Exchange(ref _open, null) is { } open)
        {
            open.Position = 0;
            return open;
        }

        return OpenFile(File.FullPath);
    }

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _open, null)?.Dispose();

    private static FileStream OpenFile(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);

    /// <summary>Returns the lower-case file name of <paramref name="relativePath"/>.</summary>
    public static string NameOf(string relativePath) => Path.GetFileName(relativePath).ToLowerInvariant();
}
