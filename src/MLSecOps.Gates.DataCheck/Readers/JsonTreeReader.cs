using System.Buffers;
using System.Text;
using System.Text.Json;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>
/// Reads a JSON document as a tree, streaming with <see cref="Utf8JsonReader"/> under a depth cap and a cap on one value's size.
/// Records are the elements of a top-level array, the elements of arrays held by the top-level object (<c>{"data": [...]}</c>),
/// and the rest of the top-level object; each record becomes one row of its scalar leaves, named by their path
/// (<c>messages.content</c>), each at its own line and column. Several top-level values (pretty-printed records one after
/// another) are read one after the other.
/// </summary>
internal sealed class JsonTreeReader
{
    /// <summary>The most characters of one record's text held in a row; a longer record is handed over in parts.</summary>
    public const int MaxRowChars = 1 << 20;

    private const int InitialBuffer = 1 << 16;
    private const string ValueName = "(value)";
    private readonly int _maxDepth;
    private readonly int _maxValueBytes;
    private readonly DataRow _element = new();
    private readonly DataRow _root = new();
    private readonly List<string> _elementNames = [];
    private readonly List<string> _rootNames = [];
    private readonly string?[] _paths;
    private readonly bool[] _isArray;
    private IReadOnlyList<string> _lastElementNames = [];
    private IReadOnlyList<string> _lastRootNames = [];
    private char[] _chars = new char[1024];
    private long _index;
    private long _lineBase = 1;
    private long _lineCountedTo;
    private long _lastNewline = -1;
    private int _elementDepth = -1;
    private bool _inRoot;

    /// <summary>Initializes a new instance of the <see cref="JsonTreeReader"/> class.</summary>
    /// <param name="maxDepth">The deepest nesting read (<c>max-json-depth</c>); deeper is an incomplete scan.</param>
    /// <param name="maxValueBytes">The largest single token (a string value) held in memory; larger is an incomplete scan.</param>
    public JsonTreeReader(int maxDepth, int maxValueBytes)
    {
        _maxDepth = maxDepth;
        _maxValueBytes = maxValueBytes;
        _paths = new string?[maxDepth + 2];
        _isArray = new bool[maxDepth + 2];
    }

    /// <summary>Gets how many bytes were read when the reading stopped.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads <paramref name="stream"/> and hands each record to <paramref name="onRow"/>.</summary>
    /// <returns>Null when the whole document was read, or why the rest was not (too deep, a value too large, not well-formed JSON).</returns>
    public string? Read(Stream stream, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var options = new JsonReaderOptions { MaxDepth = _maxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowMultipleValues = true };
            var state = new JsonReaderState(options);
            var filled = 0;
            var atEnd = false;
            var first = true;
            long consumedTotal = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!atEnd && filled < buffer.Length)
                {
                    var read = stream.Read(buffer, filled, buffer.Length - filled);
                    atEnd = read == 0;
                    filled += read;
                }

                if (first && (filled >= 3 || atEnd))
                {
                    // A byte-order mark is not JSON.
                    first = false;
                    if (buffer.AsSpan(0, filled).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                    {
                        buffer.AsSpan(3, filled - 3).CopyTo(buffer);
                        filled -= 3;
                        consumedTotal = 3;
                        _lineCountedTo = 3;
                    }
                }

                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), atEnd, state);
                try
                {
                    while (reader.Read())
                    {
                        CountLines(buffer, consumedTotal, reader.TokenStartIndex);
                        Handle(ref reader, consumedTotal, onRow);
                    }
                }
                catch (JsonException ex)
                {
                    BytesRead = consumedTotal + reader.BytesConsumed;
                    return reader.CurrentDepth >= _maxDepth - 1 || ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                        ? $"the JSON nests deeper than {_maxDepth} levels (`max-json-depth`) at byte {BytesRead:N0}; the rest was not read"
                        : $"the JSON is not well formed at byte {BytesRead:N0} ({FindingText.Cap(ex.Message.ReplaceLineEndings(" "), 120)}); the rest was not read";
                }

                var consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
                CountLines(buffer, consumedTotal, consumed);
                consumedTotal += consumed;
                BytesRead = consumedTotal;
                if (atEnd && consumed == 0)
                {
                    Finish(onRow);
                    return null;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (consumed == 0 && filled == buffer.Length)
                {
                    // One token fills the buffer: grow it up to the cap on one value.
                    if (buffer.Length >= _maxValueBytes)
                    {
                        return $"a JSON value at byte {consumedTotal:N0} is longer than {_maxValueBytes:N0} bytes (`max-row-mb`); the rest was not read";
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_maxValueBytes, buffer.Length * 2));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Handle(ref Utf8JsonReader reader, long offset, Action<DataRow> onRow)
    {
        var depth = reader.CurrentDepth;
        var type = reader.TokenType;
        if (type == JsonTokenType.PropertyName)
        {
            _paths[depth] = reader.GetString();
            return;
        }

        if (type is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            if (depth == _elementDepth)
            {
                EmitElement(onRow);
            }
            else if (depth == 0 && _inRoot)
            {
                EmitRoot(onRow);
            }

            return;
        }

        // An array element has no name of its own: forget the name a sibling object left at this depth.
        var inArray = depth > 0 && _isArray[depth - 1];
        if (inArray)
        {
            _paths[depth] = null;
        }

        var isRecord = _elementDepth < 0 && (depth == 0 || (inArray && (depth == 1 || (depth == 2 && _inRoot))));
        if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _isArray[depth] = type == JsonTokenType.StartArray;
            if (depth == 0 && type == JsonTokenType.StartObject)
            {
                _inRoot = true;
                BeginRow(_root, _rootNames);
            }
            else if (isRecord && depth > 0)
            {
                StartElement(depth);
            }

            return;
        }

        if (isRecord)
        {
            StartElement(depth);
        }

        Leaf(ref reader, depth, offset, onRow);
        if (isRecord)
        {
            EmitElement(onRow);
        }
    }

    private void StartElement(int depth)
    {
        _elementDepth = depth;
        BeginRow(_element, _elementNames);
    }

    private void Leaf(ref Utf8JsonReader reader, int depth, long offset, Action<DataRow> onRow)
    {
        var inElement = _elementDepth >= 0;
        if (!inElement && !_inRoot)
        {
            return;
        }

        var row = inElement ? _element : _root;
        var names = inElement ? _elementNames : _rootNames;
        var name = PathOf(inElement ? _elementDepth + 1 : 1, depth);
        var length = reader.TokenType switch
        {
            JsonTokenType.String => reader.CopyString(Chars(reader.ValueSpan.Length)),
            JsonTokenType.Null => 0,
            _ => Encoding.UTF8.GetChars(reader.ValueSpan, Chars(reader.ValueSpan.Length)),
        };
        if (row.Length + length > MaxRowChars && row.FieldCount > 0)
        {
            // A huge record is handed over in parts (same record index), never held whole.
            var index = row.Index;
            Emit(row, names, inElement ? _lastElementNames : _lastRootNames, onRow);
            row.BeginFields(_lineBase > int.MaxValue ? int.MaxValue : (int)_lineBase, index);
            names.Clear();
        }

        var absolute = offset + reader.TokenStartIndex;
        row.AppendAt(_chars.AsSpan(0, length), Line, (int)Math.Min(int.MaxValue, absolute - _lastNewline));
        names.Add(name);
    }

    private string PathOf(int from, int depth)
    {
        var builder = new StringBuilder();
        for (var d = from; d <= depth; d++)
        {
            if (_paths[d] is { } part)
            {
                builder.Append(builder.Length > 0 ? "." : "").Append(part);
            }
        }

        return builder.Length > 0 ? builder.ToString() : ValueName;
    }

    private Span<char> Chars(long bytes)
    {
        if (_chars.Length < bytes)
        {
            _chars = new char[Math.Max(bytes, _chars.Length * 2)];
        }

        return _chars;
    }

    private void EmitElement(Action<DataRow> onRow)
    {
        _elementDepth = -1;
        _lastElementNames = Emit(_element, _elementNames, _lastElementNames, onRow);
    }

    private void EmitRoot(Action<DataRow> onRow)
    {
        _inRoot = false;
        _lastRootNames = Emit(_root, _rootNames, _lastRootNames, onRow);
    }

    private IReadOnlyList<string> Emit(DataRow row, List<string> names, IReadOnlyList<string> last, Action<DataRow> onRow)
    {
        if (row.FieldCount == 0)
        {
            return last;
        }

        // The same names as the record before keep the same list, so detectors that cache per column layout keep their cache.
        IReadOnlyList<string> fixedNames = last.SequenceEqual(names, StringComparer.Ordinal) ? last : [.. names];
        row.FieldNames = fixedNames;
        onRow(row);
        return fixedNames;
    }

    private void Finish(Action<DataRow> onRow)
    {
        if (_elementDepth >= 0)
        {
            EmitElement(onRow);
        }

        if (_inRoot)
        {
            EmitRoot(onRow);
        }
    }

    private void BeginRow(DataRow row, List<string> names)
    {
        row.BeginFields(Line, _index++);
        names.Clear();
    }

    // Lines are counted once over each byte, up to the token at hand.
    private void CountLines(byte[] buffer, long bufferStart, long upTo)
    {
        var from = (int)(_lineCountedTo - bufferStart);
        var to = (int)upTo;
        if (to <= from)
        {
            return;
        }

        var span = buffer.AsSpan(from, to - from);
        var count = span.Count((byte)'\n');
        if (count > 0)
        {
            _lineBase += count;
            _lastNewline = bufferStart + from + span.LastIndexOf((byte)'\n');
        }

        _lineCountedTo = bufferStart + to;
    }

    // The line of the token at hand: lines are counted up to its start before it is handled.
    private int Line => (int)Math.Min(int.MaxValue, _lineBase);
}
