namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>
/// A run of copied rows whose text also sits end to end in one buffer, so that the searches for rare things (secrets, injected
/// prompts, hidden characters) run once over tens of kilobytes instead of once per row of a hundred characters, where the
/// per-call cost of a vectorised search outweighs the search; only rows holding a candidate get the detectors.
/// </summary>
internal sealed class RowBatch
{
    /// <summary>The text, in characters, after which a batch is full.</summary>
    public const int MaxChars = 1 << 16;

    private const int MaxRows = 1024;
    private readonly List<DataRow> _rows = [];
    private char[] _text = new char[MaxChars * 2];
    private int[] _ends = new int[MaxRows];

    /// <summary>Gets the number of rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the rows' text, each followed by a line feed so that no match runs from one row into the next.</summary>
    public ReadOnlySpan<char> Text => _text.AsSpan(0, Count == 0 ? 0 : _ends[Count - 1]);

    /// <summary>Gets whether the batch should be scanned before another row is added.</summary>
    public bool IsFull => Count >= MaxRows || Text.Length >= MaxChars;

    /// <summary>Returns row <paramref name="index"/>.</summary>
    public DataRow this[int index] => _rows[index];

    /// <summary>Copies <paramref name="row"/> into the batch.</summary>
    public void Add(DataRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Count == _rows.Count)
        {
            _rows.Add(new DataRow());
        }

        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        _rows[Count].CopyFrom(row);
        var start = Count == 0 ? 0 : _ends[Count - 1];
        var needed = start + row.Length + 1;
        if (_text.Length < needed)
        {
            Array.Resize(ref _text, Math.Max(needed, _text.Length * 2));
        }

        row.Text.CopyTo(_text.AsSpan(start));
        _text[start + row.Length] = '\n';
        _ends[Count] = needed;
        Count++;
    }

    /// <summary>Returns the index of the row whose text holds <paramref name="offset"/> of <see cref="Text"/>.</summary>
    public int RowAt(int offset)
    {
        var index = Array.BinarySearch(_ends, 0, Count, offset);

        // Not found: the complement is the first end beyond the offset, which is the row's own end.
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>Returns the offset in <see cref="Text"/> just past row <paramref name="index"/> and its line feed.</summary>
    public int EndOf(int index) => _ends[index];

    /// <summary>Empties the batch; the row objects are kept for reuse.</summary>
    public void Clear() => Count = 0;
}
