using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The symbolic pickle machine: reading and decoding opcode arguments.</summary>
internal sealed partial class SymbolicPickleMachine
{
    // No `out` span here: an address-taken span is a stack slot the JIT zeroes on every call of the method it is inlined in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Read(int count) =>
        _source.Available(count) ? _source.Take(count) : throw InsideOpcode();

    // An opcode's one-byte argument.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReadU8()
    {
        var b = _source.ReadByte();
        return b >= 0 ? b : throw InsideOpcode();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private PickleFormatException InsideOpcode() => new("the stream ends inside an opcode", _opStart, truncated: true);

    private ReadOnlySpan<byte> ReadLine() =>
        _source.TryReadLine(MaxLine, out var line) ? line : throw new PickleFormatException("the stream ends inside a text line", _opStart, truncated: true);

    private long CheckedLength(long length) =>
        length >= 0 ? length : throw new PickleFormatException("negative length", _opStart);

    private string DecodeName(ReadOnlySpan<byte> line)
    {
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            throw new PickleFormatException("a GLOBAL name is not UTF-8", _opStart);
        }
    }

    private TextValue Text(string text, bool isBytes) => new(text, text.Length, isBytes);

    // A str or bytes literal pushed: a short one as its bytes (see DeferredText), checked as it is read either way.
    private void PushBinaryText(long length, TextKind kind)
    {
        if (length > ShortTextLength)
        {
            Push(ReadBinaryText(length, kind));
            return;
        }

        PushLiteral(Read((int)length), kind);
    }

    private void CheckLiteral(ReadOnlySpan<byte> span, long length, TextKind kind)
    {
        if (kind != TextKind.Utf8)
        {
            CheckNested(span, length);
        }

        CheckEncoded(span);
    }

    private TextValue ReadBinaryText(long length, TextKind kind)
    {
        var isBytes = kind == TextKind.Bytes;
        var bytesLike = kind != TextKind.Utf8;
        if (length <= PickleByteSource.MaxSpan)
        {
            return Literal(Read((int)length), kind);
        }

        if (bytesLike && !_probe && length <= _scan.Budget.MaxNestedPickleBytes && PickleSignature.CouldStart(_source.Peek(3)))
        {
            _scan.ReserveMemory(length);
            try
            {
                var buffer = new byte[length];
                var filled = 0;
                while (filled < length)
                {
                    var chunk = (int)Math.Min(PickleByteSource.MaxSpan, length - filled);
                    Read(chunk).CopyTo(buffer.AsSpan(filled));
                    filled += chunk;
                }

                CheckNested(buffer, length);
            }
            finally
            {
                _scan.ReleaseMemory(length);
            }
        }
        else if (!_source.Skip(length))
        {
            throw new PickleFormatException("the stream ends inside a literal", _opStart, truncated: true);
        }

        return new TextValue(null, length, isBytes);
    }

    // A str or bytes literal whose bytes are all in `span`, checked.
    private TextValue Literal(ReadOnlySpan<byte> span, TextKind kind)
    {
        CheckLiteral(span, span.Length, kind);
        if (span.Length > KeepTextLength)
        {
            return new TextValue(null, span.Length, kind == TextKind.Bytes);
        }

        return span.Length <= ShortTextLength ? ShortText(span, kind) : Decode(span, kind);
    }

    // A str or bytes literal whose bytes are all in `span`, pushed: a short one as its bytes (see DeferredText).
    private void PushLiteral(ReadOnlySpan<byte> span, TextKind kind)
    {
        if (span.Length > ShortTextLength)
        {
            Push(Literal(span, kind));
            return;
        }

        CheckLiteral(span, span.Length, kind);
        PushText(span, kind);
    }

    private TextValue Decode(ReadOnlySpan<byte> span, TextKind kind) =>
        kind == TextKind.Utf8 ? Text(Encoding.UTF8.GetString(span), false) : Text(Encoding.Latin1.GetString(span), kind == TextKind.Bytes);

    // Short literals repeat (dict keys, class names, labels): a small direct-mapped cache hands back the same immutable value
    // instead of a new string each time.
    private TextValue ShortText(ReadOnlySpan<byte> span, TextKind kind)
    {
        var hash = kind == TextKind.Bytes ? 2166136261u ^ 0x9E3779B9u : 2166136261u;
        foreach (var b in span)
        {
            hash = (hash ^ b) * 16777619u;
        }

        var cache = _shortTexts ??= new TextValue?[ShortTextSlots];
        var index = (int)(hash & (ShortTextSlots - 1));
        if (cache[index] is { Text: { } text } entry && entry.IsBytes == (kind == TextKind.Bytes) && Matches(text, span, kind))
        {
            return entry;
        }

        var decoded = Decode(span, kind);
        cache[index] = decoded;
        return decoded;
    }

    private static bool Matches(string text, ReadOnlySpan<byte> span, TextKind kind)
    {
        if (text.Length != span.Length)
        {
            return false;
        }

        for (var i = 0; i < span.Length; i++)
        {
            // Byte for char: Latin-1 always, UTF-8 only for ASCII.
            if (text[i] != span[i] || (kind == TextKind.Utf8 && span[i] >= 0x80))
            {
                return false;
            }
        }

        return true;
    }

    private void CheckNested(ReadOnlySpan<byte> bytes, long length)
    {
        if (_probe || length < 4 || !PickleSignature.CouldStart(bytes) || !PickleSignature.IsPickle(bytes[..Math.Min(bytes.Length, PickleByteSource.MaxSpan)], complete: bytes.Length <= PickleByteSource.MaxSpan, reachesCode: true))
        {
            return;
        }

        var where = PickleLocation.At(_prefix, _opStart);
        _scan.Report(NestedPickle.Create(_scan.Path, where, $"A {length}-byte literal inside the pickle is itself a pickle; it was scanned too.", $"{_prefix}|nested|{_opStart}", $"offset {_opStart}"));
        if (_nesting + 1 > _scan.Budget.MaxNestedPickleDepth)
        {
            _scan.Incomplete(where, "pickles nested deeper than the budget were not scanned");
            return;
        }

        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        PickleStreamScanner.ScanStreams(_scan, stream, where + ">", _nesting + 1, PickleStreamLayout.Plain);
    }

    private static string Describe(PickleValue value) => value switch
    {
        TextValue { Text: null } => "a string the scanner did not keep",
        TextValue { IsBytes: true } => "bytes",
        TextValue => "a string",
        GlobalValue g => $"global {g.FullName}",
        InstanceValue { Callable: { } c } => $"the result of calling {c.FullName}",
        InstanceValue => "the result of an unresolved call",
        _ => value.ToString() ?? "a value",
    };

    private PickleValue ParseIntLine(ReadOnlySpan<byte> line, bool allowBool)
    {
        var text = Encoding.ASCII.GetString(line).Trim();
        if (allowBool && (text == "00" || text == "01"))
        {
            return PickleValue.Opaque;
        }

        var negative = text.StartsWith('-');
        var digits = negative || text.StartsWith('+') ? text[1..] : text;
        BigInteger value;
        var ok = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? BigInteger.TryParse("0" + digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || digits.Length == 0 || digits.Length > 4300)
        {
            throw new PickleFormatException("invalid integer literal", _opStart);
        }

        return new IntValue(negative ? -value : value);
    }

    private static ReadOnlySpan<byte> TrimLong(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == 'L' ? line[..^1] : line;

    private void ParseFloatLine(ReadOnlySpan<byte> line)
    {
        var text = Encoding.ASCII.GetString(line).Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && text is not ("nan" or "inf" or "-inf"))
        {
            throw new PickleFormatException("invalid float literal", _opStart);
        }
    }

    private IntValue ReadLong(long length)
    {
        if (length > 64)
        {
            if (!_source.Skip(length))
            {
                throw new PickleFormatException("the stream ends inside a long", _opStart, truncated: true);
            }

            return new IntValue(BigInteger.MinusOne);
        }

        return new IntValue(new BigInteger(Read((int)length), isUnsigned: false, isBigEndian: false));
    }

    private long ParseIndexLine(ReadOnlySpan<byte> line) =>
        long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new PickleFormatException("invalid memo index", _opStart);

    private TextValue ParseQuotedString(ReadOnlySpan<byte> line)
    {
        // STRING is a Python repr: quoted with ' or ", backslash escapes; decoded as ASCII like CPython's default encoding.
        // Like _pickle.c, only the newline is stripped: a stray \r before it leaves the argument unquoted.
        var trimmed = line;
        if (trimmed.Length < 2 || trimmed[0] != trimmed[^1] || (trimmed[0] != '\'' && trimmed[0] != '"'))
        {
            throw new PickleFormatException("the STRING opcode argument is not quoted", _opStart);
        }

        var body = trimmed[1..^1];
        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            if (b != '\\' || i + 1 >= body.Length)
            {
                builder.Append((char)b);
                continue;
            }

            var e = body[++i];
            switch (e)
            {
                case (byte)'n': builder.Append('\n'); break;
                case (byte)'t': builder.Append('\t'); break;
                case (byte)'r': builder.Append('\r'); break;
                case (byte)'x' when i + 2 < body.Length && byte.TryParse(body.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex):
                    builder.Append((char)hex);
                    i += 2;
                    break;
                default: builder.Append((char)e); break;
            }
        }

        var text = builder.ToString();
        CheckNested(Encoding.Latin1.GetBytes(text), text.Length);
        return Text(text, isBytes: false);
    }

    private static string RawUnicodeEscape(ReadOnlySpan<byte> line)
    {
        var builder = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 5 < line.Length && line[i + 1] == 'u'
                && int.TryParse(line.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 5;
            }
            else if (line[i] == '\\' && i + 9 < line.Length && line[i + 1] == 'U'
                && int.TryParse(line.Slice(i + 2, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var wide) && wide <= 0x10FFFF)
            {
                builder.Append(char.ConvertFromUtf32(wide));
                i += 9;
            }
            else
            {
                builder.Append((char)line[i]);
            }
        }

        return builder.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial System.Text.RegularExpressions.Regex IdentifierPattern();

    /// <summary>How a binary text literal decodes: UTF-8 str, 8-bit str (protocol 0–2 STRING) or bytes.</summary>
    private enum TextKind
    {
        Utf8,
        Str8,
        Bytes,
    }
}
