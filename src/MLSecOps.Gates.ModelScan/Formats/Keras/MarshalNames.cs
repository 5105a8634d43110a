namespace MLSecOps.Gates.ModelScan.Formats.Keras;

/// <summary>Lists the identifiers a marshalled Python code object mentions (its names, variables and short string constants), for the report only; nothing is unmarshalled.</summary>
internal static class MarshalNames
{
    private const int MaxNames = 12;

    /// <summary>Returns up to 12 distinct identifiers stored as short ASCII strings in <paramref name="marshalled"/>, in order of appearance.</summary>
    public static IReadOnlyList<string> Extract(ReadOnlySpan<byte> marshalled)
    {
        var names = new List<string>();
        for (var i = 0; i + 2 < marshalled.Length && names.Count < MaxNames; i++)
        {
            // TYPE_SHORT_ASCII 'z' and TYPE_SHORT_ASCII_INTERNED 'Z', with or without FLAG_REF (0x80), then a one-byte length.
            if ((marshalled[i] & 0x7F) is not ((byte)'z' or (byte)'Z'))
            {
                continue;
            }

            var length = marshalled[i + 1];
            if (length == 0 || i + 2 + length > marshalled.Length || !IsIdentifier(marshalled.Slice(i + 2, length)))
            {
                continue;
            }

            var name = System.Text.Encoding.ASCII.GetString(marshalled.Slice(i + 2, length));
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }

            i += 1 + length;
        }

        return names;
    }

    private static bool IsIdentifier(ReadOnlySpan<byte> text)
    {
        if (!(char.IsAsciiLetter((char)text[0]) || text[0] == (byte)'_'))
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }
}
