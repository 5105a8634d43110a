using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>One record as text, reused from row to row: detectors scan <see cref="Text"/> once, and a hit's offset maps back to its field, line and column.</summary>
internal sealed class DataRow
{
    private const string SingleFieldName = "(text)";

    // The row's own buffer, used while no batch takes the text (see WriteInto).
    private char[] _own = new char[4096];

    // Where the text lies: _own, the end of the batch's text, or a row of the batch (a rebuilt row); the text is _chars[_offset..].
    private char[] _chars;
    private int _offset;
    private RowBatch? _batch;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private int[] _fieldLines = new int[64];
    private int[] _fieldColumns = new int[64];
    private bool _fieldPositions;

    /// <summary>Initializes a new instance of the <see cref="DataRow"/> class.</summary>
    public DataRow() => _chars = _own;

    /// <summary>Gets the text of the row.</summary>
    public ReadOnlySpan<char> Text => _chars.AsSpan(_offset, Length);

    /// <summary>Gets the number of characters in the row.</summary>
    public int Length { get; private set; }

    /// <summary>Gets the 1-based line the row starts on (text formats) or 1 (binary formats).</summary>
    public int Line { get; private set; }

    /// <summary>Gets the 0-based record index.</summary>
    public long Index { get; private set; }

    /// <summary>Gets how fields are located.</summary>
    public FieldLayout Layout { get; private set; }

    /// <summary>Gets a value indicating whether lines and columns are meaningful (a text format).</summary>
    public bool IsText { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the row is a record of its data set (false for one value of a Parquet list column), which the label statistics and the profile count.</summary>
    public bool IsRecord { get; set; } = true;

    /// <summary>Gets or sets the column names of an explicit layout.</summary>
    public IReadOnlyList<string> FieldNames { get; set; } = [];

    /// <summary>Gets the number of explicit fields.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Starts a new row.</summary>
    public void Begin(ReadOnlySpan<char> text, int line, long index, FieldLayout layout)
    {
        Start(text.Length);
        text.CopyTo(_chars.AsSpan(_offset));
        Length = text.Length;
        Line = line;
        Index = index;
        Layout = layout;
        FieldCount = 0;
        _fieldPositions = false;
    }

    /// <summary>Starts a new row from UTF-8 bytes, decoded straight into the row (invalid bytes become U+FFFD, as a stream reader decodes them).</summary>
    public void BeginUtf8(ReadOnlySpan<byte> utf8, int line, long index, FieldLayout layout)
    {
        // A UTF-8 byte never decodes to more than one UTF-16 unit.
        Start(utf8.Length);
        Length = System.Text.Encoding.UTF8.GetChars(utf8, _chars.AsSpan(_offset));
        Line = line;
        Index = index;
        Layout = layout;
        FieldCount = 0;
        _fieldPositions = false;
    }

    /// <summary>Gets the start of each explicit field in <see cref="Text"/>.</summary>
    public ReadOnlySpan<int> FieldStarts => _starts.AsSpan(0, FieldCount);

    /// <summary>Gets the length of each explicit field.</summary>
    public ReadOnlySpan<int> FieldLengths => _lengths.AsSpan(0, FieldCount);

    /// <summary>Gets the file line of each field that sits at its own place (a JSON leaf), or nothing when hits are placed by the row's text.</summary>
    public ReadOnlySpan<int> FieldLines => _fieldPositions ? _fieldLines.AsSpan(0, FieldCount) : [];

    /// <summary>Gets the file column of each field that sits at its own place, or nothing (see <see cref="FieldLines"/>).</summary>
    public ReadOnlySpan<int> FieldColumns => _fieldPositions ? _fieldColumns.AsSpan(0, FieldCount) : [];

    /// <summary>Makes this row the one described by its parts (a row kept in a <see cref="RowBatch"/>): its text where it lies, position, layout and fields.</summary>
    public void Restore(char[] chars, int offset, int length, int line, long index, FieldLayout layout, bool isText, IReadOnlyList<string> names, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, ReadOnlySpan<int> fieldLines, ReadOnlySpan<int> fieldColumns)
    {
        ArgumentNullException.ThrowIfNull(chars);
        _batch = null;
        _chars = chars;
        _offset = offset;
        Length = length;
        Line = line;
        Index = index;
        Layout = layout;
        IsText = isText;
        FieldNames = names;
        if (_starts.Length < starts.Length)
        {
            _starts = new int[starts.Length];
            _lengths = new int[starts.Length];
        }

        starts.CopyTo(_starts);
        lengths.CopyTo(_lengths);
        _fieldPositions = !fieldLines.IsEmpty;
        if (_fieldPositions)
        {
            if (_fieldLines.Length < fieldLines.Length)
            {
                _fieldLines = new int[fieldLines.Length];
                _fieldColumns = new int[fieldLines.Length];
            }

            fieldLines.CopyTo(_fieldLines);
            fieldColumns.CopyTo(_fieldColumns);
        }

        FieldCount = starts.Length;
    }

    /// <summary>Starts a new explicit row that <see cref="Append"/> fills field by field.</summary>
    public void BeginFields(int line, long index)
    {
        Start(0);
        Length = 0;
        Line = line;
        Index = index;
        Layout = FieldLayout.Explicit;
        FieldCount = 0;
        _fieldPositions = false;
    }

    /// <summary>Appends one field's value to an explicit row (fields are separated by a unit separator so matches do not run across them).</summary>
    public void Append(ReadOnlySpan<char> value)
    {
        EnsureRoom(value.Length + 1);
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, FieldCount * 2);
            Array.Resize(ref _lengths, FieldCount * 2);
        }

        _starts[FieldCount] = Length;
        _lengths[FieldCount] = value.Length;
        FieldCount++;
        value.CopyTo(_chars.AsSpan(_offset + Length));
        Length += value.Length;
        _chars[_offset + Length++] = '\u001F';
    }

    /// <summary>Appends one field's UTF-8 value to an explicit row, decoded straight into the row (invalid bytes become U+FFFD, as a string would hold them).</summary>
    public void AppendUtf8(ReadOnlySpan<byte> value)
    {
        EnsureRoom(value.Length + 2);
        var chars = System.Text.Encoding.UTF8.GetChars(value, _chars.AsSpan(_offset + Length));
        MarkField(Length, chars);
        Length += chars;
        _chars[_offset + Length++] = '\u001F';
    }

    /// <summary>
    /// Appends one field's UTF-8 value as <see cref="AppendUtf8"/> does, widening its ASCII head 16 or 32 bytes at a time here and
    /// decoding only the rest (from the first vector holding a non-ASCII byte, so no character is split): on Parquet values of a
    /// hundred bytes, the decoder's call and tail handling cost a quarter of the widening.
    /// </summary>
    public void AppendUtf8Widened(ReadOnlySpan<byte> value)
    {
        EnsureRoom(value.Length + 2);
        var at = _offset + Length;
        var ascii = WidenAscii(value, _chars.AsSpan(at, value.Length));
        var chars = ascii == value.Length ? ascii : ascii + System.Text.Encoding.UTF8.GetChars(value[ascii..], _chars.AsSpan(at + ascii));
        MarkField(Length, chars);
        Length += chars;
        _chars[_offset + Length++] = '\u001F';
    }

    /// <summary>Appends one field's value that sits at its own line and column of the file (a JSON leaf), where its hits are placed.</summary>
    public void AppendAt(ReadOnlySpan<char> value, int line, int column)
    {
        Append(value);
        if (_fieldLines.Length < _starts.Length)
        {
            Array.Resize(ref _fieldLines, _starts.Length);
            Array.Resize(ref _fieldColumns, _starts.Length);
        }

        _fieldLines[FieldCount - 1] = line;
        _fieldColumns[FieldCount - 1] = column;
        _fieldPositions = true;
    }

    /// <summary>Records the offset of a field that already lies in <see cref="Text"/> (CSV).</summary>
    public void MarkField(int start, int length)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, FieldCount * 2);
            Array.Resize(ref _lengths, FieldCount * 2);
        }

        Layout = FieldLayout.Explicit;
        _starts[FieldCount] = start;
        _lengths[FieldCount] = length;
        FieldCount++;
    }

    /// <summary>Returns the value of explicit field <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> Field(int index) =>
        index < FieldCount ? _chars.AsSpan(_offset + _starts[index], _lengths[index]) : [];

    /// <summary>Returns the name of the field that holds <paramref name="offset"/>.</summary>
    public string FieldNameAt(int offset) => Layout switch
    {
        FieldLayout.Explicit => FieldIndexAt(offset) is var i and >= 0 && i < FieldNames.Count ? FieldNames[i] : $"column {FieldIndexAt(offset) + 1}",
        FieldLayout.JsonKeys => JsonKeyBefore(Text, offset) ?? "(value)",
        _ => SingleFieldName,
    };

    /// <summary>Returns the name of the field that holds <paramref name="offset"/> without allocating (a JSON key is a slice of the row).</summary>
    public ReadOnlySpan<char> FieldNameSpanAt(int offset) => Layout switch
    {
        FieldLayout.Explicit when FieldIndexAt(offset) is var i and >= 0 && i < FieldNames.Count => FieldNames[i],
        FieldLayout.JsonKeys => JsonKeySpanBefore(Text, offset),
        _ => [],
    };

    /// <summary>Returns the 1-based line and column of <paramref name="offset"/>.</summary>
    public (int Line, int Column) Position(int offset)
    {
        if (_fieldPositions && FieldIndexAt(offset) is var field and >= 0)
        {
            // The field's own place in the file; escapes make the column within a JSON string approximate.
            return (_fieldLines[field], _fieldColumns[field] + 1 + (offset - _starts[field]));
        }

        var before = Text[..Math.Clamp(offset, 0, Length)];
        var newlines = before.Count('\n');
        var lastNewline = before.LastIndexOf('\n');
        return (Line + newlines, offset - lastNewline);
    }

    /// <summary>Returns the explicit field index that holds <paramref name="offset"/>, or -1.</summary>
    public int FieldIndexAt(int offset)
    {
        var lo = 0;
        var hi = FieldCount - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_starts[mid] <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    /// <summary>Writes every row begun from now on straight at the end of <paramref name="batch"/>'s text, so that adding it to the batch copies no text.</summary>
    public void WriteInto(RowBatch batch) => _batch = batch;

    /// <summary>Returns whether the text lies in <paramref name="chars"/> at <paramref name="offset"/> (written there by <see cref="WriteInto"/>).</summary>
    internal bool LiesAt(char[] chars, int offset) => ReferenceEquals(_chars, chars) && _offset == offset;

    /// <summary>Places a new row where it is written, with room for <paramref name="length"/> characters and a batch's line feed.</summary>
    private void Start(int length)
    {
        if (_batch is null)
        {
            if (_own.Length < length + 1)
            {
                _own = new char[Math.Max(length + 1, _own.Length * 2)];
            }

            _chars = _own;
            _offset = 0;
        }
        else
        {
            (_chars, _offset) = _batch.Reserve(length + 1);
        }
    }

    /// <summary>Makes room for <paramref name="more"/> characters after the text and a batch's line feed, keeping the text.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void EnsureRoom(int more)
    {
        // Checked inline on every field; growing is rare.
        if (_chars.Length < _offset + Length + more + 1)
        {
            Grow(_offset + Length + more + 1);
        }
    }

    private void Grow(int needed)
    {
        if (_batch is not null && ReferenceEquals(_chars, _batch.Buffer))
        {
            _chars = _batch.Grow(needed);
        }
        else
        {
            Array.Resize(ref _own, Math.Max(needed, _own.Length * 2));
            _chars = _own;
        }
    }

    /// <summary>Widens the ASCII head of <paramref name="source"/> into <paramref name="target"/> (as long as it); returns how many bytes it widened.</summary>
    private static int WidenAscii(ReadOnlySpan<byte> source, Span<char> target)
    {
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(target));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref from, (nuint)i);
                if (bytes.ExtractMostSignificantBits() != 0)
                {
                    return i;
                }

                var (low, high) = Vector256.Widen(bytes);
                low.StoreUnsafe(ref to, (nuint)i);
                high.StoreUnsafe(ref to, (nuint)(i + Vector256<ushort>.Count));
            }
        }

        for (; i <= source.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
        {
            var bytes = Vector128.LoadUnsafe(ref from, (nuint)i);
            if (bytes.ExtractMostSignificantBits() != 0)
            {
                return i;
            }

            var (low, high) = Vector128.Widen(bytes);
            low.StoreUnsafe(ref to, (nuint)i);
            high.StoreUnsafe(ref to, (nuint)(i + Vector128<ushort>.Count));
        }

        for (; i < source.Length && source[i] < 0x80; i++)
        {
            target[i] = (char)source[i];
        }

        return i;
    }

    private static string? JsonKeyBefore(ReadOnlySpan<char> text, int offset)
    {
        var key = JsonKeySpanBefore(text, offset);
        return key.IsEmpty ? null : key.ToString();
    }

    private static ReadOnlySpan<char> JsonKeySpanBefore(ReadOnlySpan<char> text, int offset)
    {
        // The nearest `"name":` before the hit; JSON keys are short, so the look-back is bounded.
        var window = text[Math.Max(0, offset - 65536)..Math.Clamp(offset, 0, text.Length)];
        while (window.Length > 0)
        {
            var colon = window.LastIndexOf(':');
            if (colon < 0)
            {
                return [];
            }

            var head = window[..colon].TrimEnd();
            if (head.Length > 1 && head[^1] == '"')
            {
                var open = head[..^1].LastIndexOf('"');
                if (open >= 0 && head.Length - open - 2 <= 128)
                {
                    return head[(open + 1)..^1];
                }
            }

            window = window[..colon];
        }

        return [];
    }
}
