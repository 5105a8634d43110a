namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// The memory that buffered member data may take, per file and over all files scanned at once. A file that holds nothing
/// waits for its first reservation; a file that already holds memory never waits (it fails closed instead), so no two files
/// can wait on each other.
/// </summary>
internal sealed class MemoryBudget
{
    /// <summary>The size of the chunks buffered member data is kept in.</summary>
    public const int ChunkSize = 1024 * 1024;

    private readonly object _gate = new();
    private readonly Stack<byte[]> _free = new();
    private long _used;

    /// <summary>Creates a budget of <paramref name="perFile"/> bytes per file and <paramref name="total"/> bytes in all.</summary>
    public MemoryBudget(long perFile, long total)
    {
        PerFile = Math.Max(1, perFile);
        Total = Math.Max(PerFile, total);
    }

    /// <summary>Gets the most bytes one file may hold.</summary>
    public long PerFile { get; }

    /// <summary>Gets the most bytes all files together may hold.</summary>
    public long Total { get; }

    /// <summary>Gets the bytes held now, over all files.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>Reserves <paramref name="bytes"/>; waits only if <paramref name="mayWait"/> (the caller holds nothing).</summary>
    /// <returns>Whether the bytes were reserved.</returns>
    public bool TryReserve(long bytes, bool mayWait, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (_used + bytes > Total)
            {
                if (!mayWait || bytes > Total)
                {
                    return false;
                }

                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
            }

            _used += bytes;
            return true;
        }
    }

    /// <summary>Returns a chunk of <see cref="ChunkSize"/> bytes whose memory the caller has reserved; chunks are reused, so the
    /// memory they take never exceeds <see cref="Total"/> however many files come and go.</summary>
    public byte[] RentChunk()
    {
        lock (_gate)
        {
            if (_free.TryPop(out var chunk))
            {
                return chunk;
            }
        }

        return new byte[ChunkSize];
    }

    /// <summary>Takes back a chunk from <see cref="RentChunk"/>.</summary>
    public void ReturnChunk(byte[] chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_gate)
        {
            if ((long)_free.Count * ChunkSize < Total)
            {
                _free.Push(chunk);
            }
        }
    }

    /// <summary>Returns <paramref name="bytes"/> to the budget.</summary>
    public void Release(long bytes)
    {
        lock (_gate)
        {
            _used -= bytes;
            Monitor.PulseAll(_gate);
        }
    }
}
