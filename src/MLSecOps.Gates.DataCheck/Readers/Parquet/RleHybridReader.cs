using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Hands out the values of an <see cref="RleHybridDecoder"/> one at a time from blocks of up to 256 decoded at once (a call per
/// value cost a fifth of reading a dictionary-encoded file); data that ends or is damaged throws at the value where decoding
/// it one at a time threw, with the same exception, so the values before it are read as before.
/// </summary>
internal sealed class RleHybridReader
{
    private readonly int[] _block = new int[256];
    private RleHybridDecoder _decoder;
    private int _count;
    private int _next;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Starts on <paramref name="decoder"/> (a new page's levels or indices).</summary>
    public void Start(RleHybridDecoder decoder)
    {
        _decoder = decoder;
        _count = 0;
        _next = 0;
        _failure = null;
    }

    /// <summary>Returns the next value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next()
    {
        if (_next == _count)
        {
            Fill();
        }

        return _block[_next++];
    }

    private void Fill()
    {
        _failure?.Throw();
        _count = _decoder.Read(_block, out _failure);
        _next = 0;
        if (_count == 0)
        {
            _failure?.Throw();
        }
    }
}
