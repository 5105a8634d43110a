using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT012: Payment card numbers in a data set.</summary>
internal static class PaymentCardNumber
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT012",
        "Payment card numbers in a data set",
        "A column or field holds payment card numbers: 13 to 19 digits that pass the Luhn check and start with an issuer range (Visa, Mastercard, American Express, Discover, JCB, Diners, UnionPay, Maestro). Order numbers that fail Luhn stay quiet.",
        "Delete the card numbers (PCI DSS forbids storing them in clear). If the column is synthetic test data, use the issuers' documented test numbers in a waived path.",
        Severity.High,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "PCI-DSS-3.4"],
        Precision.High,
        example: "A CSV cell holding 16 digits that start with `4` (the Visa range) and pass the Luhn check, such as a card number copied from an order export.");


    /// <summary>Returns the issuer of a card number that passes Luhn and lies in an issuer range, or null.</summary>
    public static string? Issuer(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < 13 or > 19 || !PassesLuhn(digits) || AllSame(digits))
        {
            return null;
        }

        var two = (digits[0] - '0') * 10 + (digits[1] - '0');
        var four = int.Parse(digits[..4], provider: System.Globalization.CultureInfo.InvariantCulture);
        var six = int.Parse(digits[..6], provider: System.Globalization.CultureInfo.InvariantCulture);
        return digits.Length switch
        {
            13 or 16 or 19 when digits[0] == '4' => "Visa card number",
            16 when two is >= 51 and <= 55 || six is >= 222100 and <= 272099 => "Mastercard card number",
            15 when two is 34 or 37 => "American Express card number",
            >= 16 when four == 6011 || two == 65 || six is >= 622126 and <= 622925 => "Discover card number",
            >= 16 when four is >= 3528 and <= 3589 => "JCB card number",
            14 when two is 36 or 38 || six is >= 300000 and <= 305999 => "Diners Club card number",
            >= 16 when two == 62 => "UnionPay card number",
            >= 12 when four is 5018 or 5020 or 5038 or 5893 or 6304 or 6759 or 6761 or 6762 or 6763 => "Maestro card number",
            _ => null,
        };
    }

    /// <summary>Masks a card number to its first and last four digits (<c>4111********1111</c>).</summary>
    public static string Mask(ReadOnlySpan<char> digits) => $"{digits[..4]}{new string('*', digits.Length - 8)}{digits[^4..]}";

    /// <summary>Returns whether the digits pass the Luhn check.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    private static bool AllSame(ReadOnlySpan<char> digits) => digits.IndexOfAnyExcept(digits[0]) < 0;
}
