namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// The unpickler memo: dense slots in fixed-size pages (growth never copies, so memory is one reference per slot),
/// sparse ones in a dictionary; retains literals only within a budget.
/// </summary>
internal sealed class MemoTable(int maxEntries, long maxRetainedText)
{
    private const int DenseLimit = 1 << 26;
    private const int PageBits = 12;
    private const int PageMask = (1 << PageBits) - 1;

    // Pages of 4096 slots (32 KB) stay off the large-object heap; the directory grows with the memo.
    private readonly List<PickleValue?[]?> _pages = [];
    private Dictionary<long, PickleValue>? _sparse;
    private long _retained;

    /// <summary>Gets the number of distinct slots set (CPython's memo length, the next MEMOIZE slot).</summary>
    public int Count { get; private set; }

    /// <summary>Gets whether literals had to be dropped because the retention budget ran out.</summary>
    public bool Degraded { get; private set; }

    /// <summary>Stores <paramref name="value"/> in slot <paramref name="index"/>.</summary>
    /// <returns>False when the entry budget is exceeded.</returns>
    public bool Put(long index, PickleValue value)
    {
        value = Retain(value.ForMemo());
        if (index < DenseLimit)
        {
            var pageIndex = (int)(index >> PageBits);
            while (_pages.Count <= pageIndex)
            {
                _pages.Add(null);
            }

            var page = _pages[pageIndex] ??= new PickleValue?[1 << PageBits];
            ref var slot = ref page[index & PageMask];
            if (slot is null)
            {
                Count++;
            }

            slot = value;
        }
        else
        {
            _sparse ??= [];
            if (_sparse.TryAdd(index, value))
            {
                Count++;
            }
            else
            {
                _sparse[index] = value;
            }
        }

        return Count <= maxEntries;
    }

    /// <summary>Reads slot <paramref name="index"/>, or null when it was never set.</summary>
    public PickleValue? Get(long index) =>
        index < 0 ? null
        : index < DenseLimit ? (index >> PageBits < _pages.Count ? _pages[(int)(index >> PageBits)]?[index & PageMask] : null)
        : _sparse is not null && _sparse.TryGetValue(index, out var value) ? value : null;

    private PickleValue Retain(PickleValue value)
    {
        long cost = value switch
        {
            TextValue { Text: { } text } => text.Length + 32,
            TupleValue tuple => tuple.Items.Count * 8L,
            InstanceValue => 16,
            _ => 0,
        };
        if (cost == 0)
        {
            return value;
        }

        _retained += cost;
        if (_retained <= maxRetainedText)
        {
            return value;
        }

        // Out of budget: keep the shape but not the content, so a later STACK_GLOBAL on it is reported as unresolved.
        Degraded = true;
        return value is TextValue t ? (t.IsBytes ? TextValue.DroppedBytes : TextValue.DroppedText) : PickleValue.Unknown;
    }
}
