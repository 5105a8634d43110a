using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT071: Data-set licence missing or unknown.</summary>
internal static class DataLicenseUnknown
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT071",
        "Data-set licence missing or unknown",
        "The data-set card declares no licence, `unknown`, or `other` without `license_name` and `license_link`.",
        "Declare the licence in the card's front matter (`license: cc-by-4.0`).",
        Severity.Medium,
        [Threat.IntellectualPropertyInfringement],
        ["OWASP-LLM03"],
        Precision.High,
        example: "A data-set card `README.md` with front matter `license: other` and no `license_name` or `license_link`.");
}
