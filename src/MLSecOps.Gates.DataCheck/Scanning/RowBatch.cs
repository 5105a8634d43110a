namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>
/// A run of rows whose text sits end to end in one buffer, so that the searches for rare things (secrets, injected
/// prompts, hidden characters) run once over tens of kilobytes instead of once per row of a hundred characters, where the
/// per-call cost of a vectorised search outweighs the search; only rows holding a candidate get the detectors.
/// A row is kept as its text in the buffer and its fields in flat arrays, and rebuilt as a <see cref="DataRow"/> only when a
/// detector asks for it: most rows hold no candidate, and copying each one whole cost as much as a search. A row that
/// <see cref="DataRow.WriteInto"/> this batch is written at the end of the buffer in the first place, so adding it copies no text,
/// and a rebuilt row points at its text where it lies.
/// </summary>
internal sealed class RowBatch
{
    /// <summary>The text, in characters, after which a batch is full.</summary>
    public const int MaxChars = 1 << 16;

    private const int MaxRows = 1024;
    private readonly DataRow _rebuilt = new();
    private char[] _text = new char[MaxChars * 2];
    private int[] _ends = new int[MaxRows];
    private Head[] _heads = new Head[MaxRows];
    private int[] _starts = new int[MaxRows * 8];
    private int[] _lengths = new int[MaxRows * 8];
    private int[] _fieldLines = [];
    private int[] _fieldColumns = [];
    private int _fields;

    /// <summary>Gets the number of rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the rows' text, each followed by a line feed so that no match runs from one row into the next.</summary>
    public ReadOnlySpan<char> Text => _text.AsSpan(0, Count == 0 ? 0 : _ends[Count - 1]);

    /// <summary>Gets whether the batch should be scanned before another row is added.</summary>
    public bool IsFull => Count >= MaxRows || Text.Length >= MaxChars;

    /// <summary>Returns row <paramref name="index"/>, rebuilt in one row object that the next call reuses.</summary>
    public DataRow this[int index]
    {
        get
        {
            ref readonly var head = ref _heads[index];
            var start = StartOf(index);
            var fields = new Range(head.FirstField, head.FirstField + head.FieldCount);
            _rebuilt.Restore(
                _text,
                start,
                _ends[index] - 1 - start,
                head.Line,
                head.Index,
                head.Layout,
                head.IsText,
                head.Names,
                _starts.AsSpan(fields),
                _lengths.AsSpan(fields),
                head.HasFieldPositions ? _fieldLines.AsSpan(fields) : [],
                head.HasFieldPositions ? _fieldColumns.AsSpan(fields) : []);
            return _rebuilt;
        }
    }

    /// <summary>Copies <paramref name="row"/> into the batch.</summary>
    public void Add(DataRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
            Array.Resize(ref _heads, _heads.Length * 2);
        }

        var start = End;
        var needed = start + row.Length + 1;
        if (!row.LiesAt(_text, start))
        {
            Grow(needed);
            row.Text.CopyTo(_text.AsSpan(start));
        }

        // A row written here left room for its line feed.
        _text[start + row.Length] = '\n';
        _ends[Count] = needed;

        var count = row.FieldCount;
        var positions = row.FieldLines;
        if (_starts.Length < _fields + count)
        {
            Array.Resize(ref _starts, Math.Max(_fields + count, _starts.Length * 2));
            Array.Resize(ref _lengths, _starts.Length);
        }

        row.FieldStarts.CopyTo(_starts.AsSpan(_fields));
        row.FieldLengths.CopyTo(_lengths.AsSpan(_fields));
        if (!positions.IsEmpty)
        {
            if (_fieldLines.Length < _starts.Length)
            {
                Array.Resize(ref _fieldLines, _starts.Length);
                Array.Resize(ref _fieldColumns, _starts.Length);
            }

            positions.CopyTo(_fieldLines.AsSpan(_fields));
            row.FieldColumns.CopyTo(_fieldColumns.AsSpan(_fields));
        }

        _heads[Count] = new Head(row.Line, row.Index, row.Layout, row.IsText, !positions.IsEmpty, _fields, count, row.FieldNames);
        _fields += count;
        Count++;
    }

    /// <summary>Gets the buffer the rows' text lies in (replaced when it grows).</summary>
    internal char[] Buffer => _text;

    private int End => Count == 0 ? 0 : _ends[Count - 1];

    /// <summary>Returns where a row of up to <paramref name="chars"/> characters is written next: the buffer and the end of the rows held.</summary>
    internal (char[] Buffer, int Offset) Reserve(int chars)
    {
        var end = End;
        Grow(end + chars);
        return (_text, end);
    }

    /// <summary>Grows the buffer to hold at least <paramref name="chars"/> characters, keeping its text, and returns it.</summary>
    internal char[] Grow(int chars)
    {
        if (_text.Length < chars)
        {
            Array.Resize(ref _text, Math.Max(chars, _text.Length * 2));
        }

        return _text;
    }

    /// <summary>Returns the index of the row whose text holds <paramref name="offset"/> of <see cref="Text"/>.</summary>
    public int RowAt(int offset)
    {
        var index = Array.BinarySearch(_ends, 0, Count, offset);

        // Not found: the complement is the first end beyond the offset, which is the row's own end.
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>Returns the offset in <see cref="Text"/> where row <paramref name="index"/> starts.</summary>
    public int StartOf(int index) => index == 0 ? 0 : _ends[index - 1];

    /// <summary>Returns the offset in <see cref="Text"/> just past row <paramref name="index"/> and its line feed.</summary>
    public int EndOf(int index) => _ends[index];

    /// <summary>Empties the batch.</summary>
    public void Clear()
    {
        Count = 0;
        _fields = 0;
    }

    private readonly record struct Head(int Line, long Index, FieldLayout Layout, bool IsText, bool HasFieldPositions, int FirstField, int FieldCount, IReadOnlyList<string> Names);
}
