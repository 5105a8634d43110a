namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The unpickler memo: dense slots in an array, sparse ones in a dictionary; retains literals only within a budget.</summary>
internal sealed class MemoTable(int maxEntries, long maxRetainedText)
{
    private const int DenseLimit = 1 << 26;
    private PickleValue?[] _dense = new PickleValue?[64];
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
            if (index >= _dense.Length)
            {
                Array.Resize(ref _dense, (int)Math.Min(DenseLimit, Math.Max(index + 1, (long)_dense.Length * 2)));
            }

            if (_dense[index] is null)
            {
                Count++;
            }

            _dense[index] = value;
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
        : index < _dense.Length ? _dense[index]
        : _sparse is not null && _sparse.TryGetValue(index, out var value) ? value : null;

    private PickleValue Retain(PickleValue value)
    {
        long cost = value switch
        {
            TextValue { Text: { } text } => text.Length,
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
        return value is TextValue t ? new TextValue(null, t.Length, t.IsBytes) : PickleValue.Unknown;
    }
}
