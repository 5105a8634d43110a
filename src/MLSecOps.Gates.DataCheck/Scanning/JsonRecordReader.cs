using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>
/// Turns one JSON Lines record into an explicit row of its top-level scalar fields, for the poisoning and profile statistics.
/// The field names are those of the first record; nested objects and arrays read as empty; a line that is not one JSON object yields nothing.
/// </summary>
internal sealed class JsonRecordReader
{
    /// <summary>The largest record parsed (UTF-8 bytes); longer lines are left to the text detectors only.</summary>
    public const int MaxRecordBytes = 1 << 20;

    private const int MaxFields = 256;
    private readonly DataRow _record = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private List<string>? _names;

    /// <summary>Gets the field names, fixed by the first record read, or null before it.</summary>
    public IReadOnlyList<string>? Names => _names;

    /// <summary>Returns the record on <paramref name="row"/> as an explicit row, or null when the line is not a JSON object.</summary>
    public DataRow? Read(DataRow row)
    {
        var text = row.Text.Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}' || Encoding.UTF8.GetMaxByteCount(text.Length) > MaxRecordBytes * 3L)
        {
            return null;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            if (length > MaxRecordBytes || !Parse(bytes.AsSpan(0, length)))
            {
                return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        _names ??= [.. _values.Keys];
        _record.BeginFields(row.Line, row.Index);
        _record.FieldNames = _names;
        foreach (var name in _names)
        {
            _record.Append(_values.TryGetValue(name, out var value) ? value : "");
        }

        return _record;
    }

    private bool Parse(ReadOnlySpan<byte> json)
    {
        _values.Clear();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString() ?? "";
                reader.Read();
                var value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString() ?? "",
                    JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => "",
                };
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                if (_values.Count < MaxFields)
                {
                    _values.TryAdd(name, value);
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
