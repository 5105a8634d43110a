using System.Globalization;
using System.Numerics;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// Reads a Python literal the way <c>ast.literal_eval</c> does (NumPy reads <c>.npy</c> headers with it): dicts, lists,
/// tuples, sets, strings with prefixes, escapes and implicit concatenation, numbers, <c>True</c>/<c>False</c>/<c>None</c>,
/// comments and line continuations. Values are strings, <see cref="BigInteger"/>, bool, null, lists, tuples or dicts.
/// Nothing is evaluated; depth and length are bounded.
/// </summary>
internal sealed class PythonLiteral
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private readonly bool _python2Longs;
    private int _pos;

    private PythonLiteral(string text, bool python2Longs)
    {
        _text = text;
        _python2Longs = python2Longs;
    }

    /// <summary>A Python tuple.</summary>
    /// <param name="Items">The items.</param>
    public sealed record Tuple(IReadOnlyList<object?> Items);

    /// <summary>Parses <paramref name="text"/>; <paramref name="python2Longs"/> also accepts <c>10L</c> (NumPy's fallback for v1/v2 headers).</summary>
    /// <returns>The value, or <see langword="false"/> in <paramref name="ok"/> when <c>literal_eval</c> would raise.</returns>
    public static object? Parse(string text, bool python2Longs, out bool ok)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new PythonLiteral(text, python2Longs);
        try
        {
            var value = reader.Value(0);
            reader.Space();
            ok = reader._pos == text.Length;
            return ok ? value : null;
        }
        catch (FormatException)
        {
            ok = false;
            return null;
        }
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("too deep");
        }

        Space();
        var c = Peek();
        switch (c)
        {
            case '{':
                return Dict(depth);
            case '[':
                _pos++;
                return Items(']', depth);
            case '(':
                _pos++;
                return Parenthesised(depth);
            case '-' or '+':
                _pos++;
                return Number(c == '-', depth);
            default:
                if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
                {
                    return Number(false, depth);
                }

                return Name(depth);
        }
    }

    private object? Name(int depth)
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        var word = _text[start.._pos];
        if (_pos < _text.Length && _text[_pos] is '\'' or '"' && word.Length <= 2)
        {
            _pos = start;
            return Strings();
        }

        return word switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw new FormatException("not a literal"),
        };
    }

    private object? Dict(int depth)
    {
        _pos++;
        var dict = new Dictionary<object, object?>();
        var set = new List<object?>();
        while (true)
        {
            Space();
            if (Peek() == '}')
            {
                _pos++;
                return set.Count > 0 ? set : dict;
            }

            var key = Value(depth + 1);
            Space();
            if (Peek() == ':' && set.Count == 0)
            {
                _pos++;
                var value = Value(depth + 1);
                // Later keys win, as in Python; unhashable keys make literal_eval raise.
                dict[key is null or bool or string or BigInteger or double or Tuple or PythonBytes ? key ?? "None" : throw new FormatException("unhashable key")] = value;
            }
            else if (dict.Count == 0)
            {
                set.Add(key);
            }
            else
            {
                throw new FormatException("mixed dict and set");
            }

            if (!Separator('}'))
            {
                throw new FormatException("expected , or }");
            }
        }
    }

    private List<object?> Items(char close, int depth)
    {
        var items = new List<object?>();
        while (true)
        {
            Space();
            if (Peek() == close)
            {
                _pos++;
                return items;
            }

            items.Add(Value(depth + 1));
            if (!Separator(close))
            {
                throw new FormatException("expected a separator");
            }
        }
    }

    private object? Parenthesised(int depth)
    {
        Space();
        if (Peek() == ')')
        {
            _pos++;
            return new Tuple([]);
        }

        var first = Value(depth + 1);
        Space();
        if (Peek() == ')')
        {
            _pos++;
            return first;
        }

        if (Peek() != ',')
        {
            throw new FormatException("expected , or )");
        }

        _pos++;
        var rest = Items(')', depth);
        return new Tuple([first, .. rest]);
    }

    private bool Separator(char close)
    {
        Space();
        if (Peek() == ',')
        {
            _pos++;
            return true;
        }

        return Peek() == close;
    }

    private object Number(bool negative, int depth)
    {
        Space();
        if (Peek() is '-' or '+')
        {
            var inner = Peek() == '-';
            _pos++;
            return Number(negative ^ inner, depth + 1);
        }

        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.'))
        {
            _pos++;
        }

        var token = _text[start.._pos].Replace("_", "", StringComparison.Ordinal);
        if (_python2Longs && token.Length > 1 && token[^1] is 'L' or 'l')
        {
            token = token[..^1];
        }

        var lower = token.ToLowerInvariant();
        BigInteger value;
        var ok = lower.StartsWith("0x", StringComparison.Ordinal)
            ? BigInteger.TryParse("0" + lower[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : BigInteger.TryParse(lower, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (ok)
        {
            return negative ? -value : value;
        }

        if (double.TryParse(lower.TrimEnd('j'), NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return negative ? -real : real;
        }

        throw new FormatException("not a number");
    }

    private object Strings()
    {
        // Adjacent literals concatenate; str and bytes may not be mixed.
        var builder = new StringBuilder();
        bool? bytes = null;
        while (true)
        {
            Space();
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiLetter(_text[_pos]))
            {
                _pos++;
            }

            var prefix = _text[start.._pos].ToLowerInvariant();
            if (_pos >= _text.Length || _text[_pos] is not ('\'' or '"') || prefix is not ("" or "u" or "r" or "b" or "br" or "rb"))
            {
                _pos = start;
                if (bytes is null)
                {
                    throw new FormatException("not a string");
                }

                return bytes.Value ? new PythonBytes(builder.ToString()) : builder.ToString();
            }

            var isBytes = prefix.Contains('b', StringComparison.Ordinal);
            if (bytes is { } previous && previous != isBytes)
            {
                throw new FormatException("str and bytes mixed");
            }

            bytes = isBytes;
            builder.Append(StringBody(prefix.Contains('r', StringComparison.Ordinal)));
        }
    }

    private string StringBody(bool raw)
    {
        var quote = _text[_pos];
        var triple = _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote;
        _pos += triple ? 3 : 1;
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new FormatException("unterminated string");
            }

            var c = _text[_pos];
            if (c == quote && (!triple || (_pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote)))
            {
                _pos += triple ? 3 : 1;
                return builder.ToString();
            }

            if (c == '\n' && !triple)
            {
                throw new FormatException("newline in string");
            }

            if (c == '\\' && _pos + 1 < _text.Length)
            {
                if (raw)
                {
                    builder.Append(c).Append(_text[_pos + 1]);
                    _pos += 2;
                    continue;
                }

                _pos++;
                builder.Append(Escape());
                continue;
            }

            builder.Append(c);
            _pos++;
        }
    }

    private string Escape()
    {
        var e = _text[_pos++];
        switch (e)
        {
            case '\n': return "";
            case '\\': return "\\";
            case '\'': return "'";
            case '"': return "\"";
            case 'a': return "\a";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'v': return "\v";
            case 'x': return ((char)Hex(2)).ToString();
            case 'u': return ((char)Hex(4)).ToString();
            case 'U': return char.ConvertFromUtf32(Hex(8));
            case >= '0' and <= '7':
            {
                var value = e - '0';
                for (var i = 0; i < 2 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7'; i++)
                {
                    value = (value * 8) + (_text[_pos++] - '0');
                }

                return ((char)value).ToString();
            }

            case 'N':
                // \N{NAME} needs the Unicode name table: treated as unknown, so the caller fails closed.
                throw new FormatException("named escape");
            default:
                return "\\" + e;
        }
    }

    private int Hex(int digits)
    {
        if (_pos + digits > _text.Length || !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException("bad escape");
        }

        _pos += digits;
        if (value > 0x10FFFF)
        {
            throw new FormatException("bad escape");
        }

        return value;
    }

    private void Space()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
            {
                _pos++;
            }
            else if (c == '\\' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')
            {
                _pos += 2;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    /// <summary>A Python bytes literal (Latin-1 text of its bytes).</summary>
    /// <param name="Latin1">The bytes as Latin-1 characters.</param>
    public sealed record PythonBytes(string Latin1);
}
