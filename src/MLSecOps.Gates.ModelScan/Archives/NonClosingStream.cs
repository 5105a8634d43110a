using MLSecOps.Formats.Streams;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>A forward-only view of a stream it does not own: disposing it leaves the archive open, and its position counts the bytes read (xz pads blocks by position).</summary>
internal sealed class NonClosingStream(Stream inner) : ForwardReadStream(inner, leaveOpen: true)
{
    /// <inheritdoc />
    protected override int ReadCore(Span<byte> buffer) => Inner.Read(buffer);
}
