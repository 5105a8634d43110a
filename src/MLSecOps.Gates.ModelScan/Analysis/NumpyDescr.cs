using System.Numerics;
using System.Text.RegularExpressions;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// Decides whether a <c>.npy</c> header's <c>descr</c> is a dtype with objects, following <c>numpy.lib.format.descr_to_dtype</c>
/// and <c>numpy.dtype(str)</c> (<c>_convert_from_str</c>): every spelling numpy accepts for the object type counts
/// (<c>O</c>, <c>|O</c>, <c>&lt;O8</c>, <c>O 8</c>, <c>object</c>, <c>object_</c>, comma strings, sub-arrays, structured fields).
/// </summary>
internal static partial class NumpyDescr
{
    // numpy's sctypeDict keys for numpy.object_ (1.x and 2.x), looked up with the byte-order character still attached.
    private static readonly HashSet<string> ObjectNames = new(StringComparer.Ordinal) { "O", "object", "object_", "object0", "O8" };
    private const int MaxDepth = 32;

    /// <summary>Returns whether the parsed <paramref name="descr"/> holds objects; null when numpy would reject it (nothing loads).</summary>
    public static bool? HasObjects(object? descr) => HasObjects(descr, 0);

    /// <summary>Returns whether the dtype string <paramref name="text"/> holds objects; null when numpy would reject it.</summary>
    public static bool? StringHasObjects(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return StringHasObjects(text, 0);
    }

    private static bool? HasObjects(object? descr, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (descr)
        {
            case string text:
                return StringHasObjects(text, depth);
            case PythonLiteral.Tuple { Items: [var inner, _] }:
                return HasObjects(inner, depth + 1);
            case List<object?> fields:
                var any = false;
                foreach (var field in fields)
                {
                    var parts = field switch
                    {
                        PythonLiteral.Tuple t => t.Items,
                        List<object?> l => l,
                        _ => null,
                    };
                    if (parts is not { Count: 2 or 3 })
                    {
                        return null;
                    }

                    var fieldObjects = HasObjects(parts[1], depth + 1);
                    if (fieldObjects is null)
                    {
                        return null;
                    }

                    any |= fieldObjects.Value;
                }

                return any;
            default:
                return null;
        }
    }

    private static bool? StringHasObjects(string text, int depth)
    {
        if (text.Length == 0 || depth > MaxDepth)
        {
            return null;
        }

        if (IsCommaString(text))
        {
            return CommaStringHasObjects(text, depth);
        }

        var type = text[0] is '<' or '>' or '=' or '|' ? text[1..] : text;
        if (type.Length == 0)
        {
            return null;
        }

        if (type.Length == 1)
        {
            return type[0] == 'O';
        }

        if (type[0] == 'O' && StrtolWhole(type[1..]) is { } size)
        {
            // PyArray_TypestrConvert lets 'O4' and 'O8' through as the object type; size 0 falls through to the name table.
            if (size == 4 || size == 8)
            {
                return true;
            }

            if (size != 0)
            {
                return null;
            }
        }

        return ObjectNames.Contains(text) ? true : false;
    }

    // numpy's _check_for_commastring: a digit first (after a byte-order character), "()" first, or a comma outside [].
    private static bool IsCommaString(string text)
    {
        var body = text.Length > 1 && text[0] is '<' or '>' or '=' or '|' ? text[1..] : text;
        if (char.IsAsciiDigit(text[0]) || (body.Length > 0 && body != text && char.IsAsciiDigit(body[0])))
        {
            return true;
        }

        if (text.StartsWith("()", StringComparison.Ordinal) || (body != text && body.StartsWith("()", StringComparison.Ordinal)))
        {
            return true;
        }

        var square = 0;
        foreach (var c in text)
        {
            square += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (c == ',' && square == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool? CommaStringHasObjects(string text, int depth)
    {
        // numpy.core._internal._commastring: items of [order][repeats][order]dtype separated by commas.
        var any = false;
        var position = 0;
        while (position < text.Length)
        {
            var match = CommaItemPattern().Match(text, position);
            if (!match.Success || match.Index != position || match.Length == 0)
            {
                return null;
            }

            var order = match.Groups["order1"].Value.Length > 0 ? match.Groups["order1"].Value : match.Groups["order2"].Value;
            var dtype = match.Groups["dtype"].Value;
            var item = StringHasObjects(order + dtype, depth + 1);
            if (item is null)
            {
                return null;
            }

            any |= item.Value;
            position += match.Length;
            var separator = SeparatorPattern().Match(text, position);
            if (separator.Success && separator.Index == position)
            {
                position += separator.Length;
            }
            else if (position < text.Length && !TrailingSpacePattern().IsMatch(text[position..]))
            {
                return null;
            }
            else
            {
                break;
            }
        }

        return any;
    }

    /// <summary>C's strtol over the whole string: leading white space, a sign, decimal digits, nothing after.</summary>
    private static BigInteger? StrtolWhole(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == start || i != text.Length)
        {
            return null;
        }

        var value = BigInteger.Parse(text.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    [GeneratedRegex(@"(?<order1>[<>|=]?)(?<repeats> *[(]?[ ,0-9]*[)]? *)(?<order2>[<>|=]?)(?<dtype>[A-Za-z0-9.?]*(?:\[[a-zA-Z0-9,.]+\])?)")]
    private static partial Regex CommaItemPattern();

    [GeneratedRegex(@"\s*,\s*")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"^\s+$")]
    private static partial Regex TrailingSpacePattern();
}
