using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT013: Bank account numbers (IBAN) in a data set.</summary>
internal static class IbanNumber
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT013",
        "Bank account numbers (IBAN) in a data set",
        "A column or field holds IBANs that pass the ISO 7064 mod-97 check and have their country's length.",
        "Remove or pseudonymise account numbers before training.",
        Severity.High,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "GDPR-Art5"],
        Precision.High,
        example: "A CSV cell `DE89 3704 0044 0532 0130 00` (German IBAN, valid mod-97 check).");


    // ISO 13616 registry lengths by country (SWIFT IBAN registry).
    private static readonly Dictionary<string, int> s_lengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22, ["BR"] = 29,
        ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29,
        ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20,
        ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19,
        ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29,
        ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SC"] = 31, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["ST"] = 25, ["SV"] = 28,
        ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    };

    /// <summary>Reads an IBAN (compact or in groups of four) starting at <paramref name="start"/>; returns its end, or -1 when it is not a valid IBAN.</summary>
    public static int TryMatch(ReadOnlySpan<char> text, int start, Span<char> compact, out int compactLength)
    {
        compactLength = 0;
        if (start + 4 > text.Length || !s_lengths.TryGetValue(text.Slice(start, 2).ToString(), out var expected))
        {
            return -1;
        }

        var i = start;
        while (i < text.Length && compactLength < expected)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))
            {
                compact[compactLength++] = c;
                i++;
            }
            else if (c == ' ' && compactLength % 4 == 0 && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        var endsCleanly = i == text.Length || !char.IsAsciiLetterOrDigit(text[i]);
        return compactLength == expected && endsCleanly && Mod97(compact[..compactLength]) == 1 ? i : -1;
    }

    /// <summary>Masks an IBAN to its country, check digits and last four characters.</summary>
    public static string Mask(ReadOnlySpan<char> compact) => $"{compact[..4]}{new string('*', compact.Length - 8)}{compact[^4..]}";

    private static int Mod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder;
    }
}
