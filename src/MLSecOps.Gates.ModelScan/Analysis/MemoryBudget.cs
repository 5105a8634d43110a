namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// The memory that buffered member data may take, per file and over all files scanned at once. A file that holds nothing
/// waits for its first reservation; a file that already holds memory never waits (it fails closed instead), so no two files
/// can wait on each other.
/// </summary>
internal sealed class MemoryBudget
{
    private readonly object _gate = new();
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
