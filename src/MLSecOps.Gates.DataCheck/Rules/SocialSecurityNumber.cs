using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT014: US Social Security numbers in a data set.</summary>
internal static class SocialSecurityNumber
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT014",
        "US Social Security numbers in a data set",
        "A column or field holds US SSNs written `ddd-dd-dddd` (or nine digits in a column named for SSNs) with a valid area, group and serial: area 000, 666 and 900-999, group 00, serial 0000 and well-known advertising numbers are excluded.",
        "Delete the numbers; an SSN is never a useful training feature.",
        Severity.High,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "GDPR-Art9"],
        Precision.High,
        example: "A CSV cell `536-22-8724` (valid area, group and serial).");


    /// <summary>Returns whether nine digits are an SSN the SSA could have issued.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 9)
        {
            return false;
        }

        var area = (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');
        var group = (digits[3] - '0') * 10 + (digits[4] - '0');
        var serial = int.Parse(digits[5..], provider: System.Globalization.CultureInfo.InvariantCulture);
        return area is not (0 or 666) && area < 900 && group != 0 && serial != 0
            && digits.IndexOfAnyExcept(digits[0]) >= 0
            && !digits.SequenceEqual("123456789") && !digits.SequenceEqual("078051120") && !digits.SequenceEqual("219099999");
    }

    /// <summary>Masks an SSN completely but for its shape.</summary>
    public static string Mask() => "***-**-****";
}
