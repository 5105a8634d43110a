using MLSecOps.Formats.Streams;

namespace MLSecOps.Formats.Compression;

/// <summary>A read-only stream that ends after a byte budget and remembers whether the budget cut the input short.</summary>
/// <remarks>Decompression bombs and oversized files are read only up to the budget; the caller reports the rest as unread.</remarks>
public sealed class ByteBudgetStream : ForwardReadStream
{
    private readonly long _limit;
    private bool _probedEnd;

    /// <summary>Initializes a new instance of the <see cref="ByteBudgetStream"/> class.</summary>
    /// <param name="inner">The stream to read.</param>
    /// <param name="limit">The most bytes that may be read.</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="inner"/> open.</param>
    public ByteBudgetStream(Stream inner, long limit, bool leaveOpen = false)
        : base(inner, leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _limit = limit;
    }

    /// <summary>Gets a value indicating whether the budget was used up while more input remained.</summary>
    public bool Exceeded { get; private set; }

    /// <inheritdoc />
    protected override int ReadCore(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        return wanted <= 0 ? ProbeEnd() : Inner.Read(buffer[..wanted]);
    }

    /// <inheritdoc />
    protected override ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = Wanted(buffer.Length);
        return wanted <= 0 ? new ValueTask<int>(ProbeEnd()) : Inner.ReadAsync(buffer[..wanted], cancellationToken);
    }

    private int Wanted(int length) => (int)Math.Min(length, _limit - BytesRead);

    private int ProbeEnd()
    {
        // One byte past the budget tells a file that ends exactly at the limit from one that was cut short.
        if (!_probedEnd)
        {
            _probedEnd = true;
            Span<byte> one = stackalloc byte[1];
            Exceeded = Inner.Read(one) > 0;
        }

        return 0;
    }
}
