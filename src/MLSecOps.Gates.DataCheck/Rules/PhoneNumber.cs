using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT011: Phone numbers in a data set.</summary>
internal static class PhoneNumber
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT011",
        "Phone numbers in a data set",
        "A column or field holds phone numbers: international numbers (`+` and a country code) and national formats are validated against the numbering plan with libphonenumber; bare digit runs count only in columns named for phones.",
        "Remove or mask the numbers before training; keep at most the country code if it is a feature.",
        Severity.Medium,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "GDPR-Art5"],
        Precision.Medium,
        example: "A JSON Lines field `\"caller\": \"+44 20 7946 0958\"`, or `555 0134` in a column named `phone`.");
}
