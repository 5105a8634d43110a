using System.Globalization;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>A NumPy dtype as far as sizing goes: item size and whether it holds objects.</summary>
/// <param name="ItemSize">Bytes per element.</param>
/// <param name="HasObjects">Whether elements are Python objects.</param>
internal sealed record NumpyDtype(long ItemSize, bool HasObjects)
{
    /// <summary>Reads a pickled <c>numpy.dtype(code, align, copy)</c> with its BUILD state.</summary>
    public static NumpyDtype? From(InstanceValue dtype)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        if (dtype.Callable is not { Name: "dtype" } || dtype.Arguments is not TupleValue { Items: [TextValue { Text: { } code }, ..] })
        {
            return null;
        }

        // State: (version, byteorder, subdescr, names, fields, elsize, alignment, flags); elsize > 0 for sized types, flags bit 0 = has objects.
        long stateSize = -1;
        var stateObjects = false;
        if (dtype.State is TupleValue { Items.Count: >= 8 } state)
        {
            if (state.Items[5] is IntValue { Value: var e })
            {
                stateSize = (long)e;
            }

            stateObjects = state.Items[7] is IntValue { Value: var flags } && !(flags & 1).IsZero;
        }

        var parsed = FromCode(code);
        if (parsed is null)
        {
            return null;
        }

        return new NumpyDtype(stateSize > 0 ? stateSize : parsed.ItemSize, parsed.HasObjects || stateObjects);
    }

    /// <summary>Parses a dtype string such as <c>&lt;f8</c>, <c>|b1</c>, <c>U10</c> or <c>|O</c>.</summary>
    public static NumpyDtype? FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (NumpyDescr.StringHasObjects(code) == true)
        {
            return new NumpyDtype(8, true);
        }

        var text = code.TrimStart('<', '>', '|', '=');
        if (text.Length == 0)
        {
            return null;
        }

        var kind = text[0];
        var digits = text[1..];
        if (kind == 'O')
        {
            return new NumpyDtype(8, true);
        }

        if (digits.Length == 0)
        {
            return kind switch
            {
                '?' or 'b' or 'B' => new NumpyDtype(1, false),
                'h' or 'H' or 'e' => new NumpyDtype(2, false),
                'i' or 'I' or 'f' or 'l' or 'L' => new NumpyDtype(4, false),
                'q' or 'Q' or 'd' or 'g' => new NumpyDtype(8, false),
                _ => null,
            };
        }

        if (!long.TryParse(digits.Split('[')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        return kind switch
        {
            'U' => new NumpyDtype(size * 4, false),
            'b' or 'i' or 'u' or 'f' or 'c' or 'S' or 'a' or 'V' or 'M' or 'm' => new NumpyDtype(size, false),
            _ => null,
        };
    }
}
