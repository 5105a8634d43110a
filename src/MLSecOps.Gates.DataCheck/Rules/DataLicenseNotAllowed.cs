using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT070: Data-set licence is not on the allowed list.</summary>
internal static class DataLicenseNotAllowed
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT070",
        "Data-set licence is not on the allowed list",
        "The data-set card (README.md front matter) declares a licence that is not in `allowed-licenses`; training on it may infringe its terms. Non-commercial (NC) and no-derivatives (ND) licences are reported even when no list is set.",
        "Use data under an allowed licence, or add the licence id to `allowed-licenses` after legal review.",
        Severity.High,
        [Threat.IntellectualPropertyInfringement],
        ["OWASP-LLM03"],
        Precision.High,
        example: "A data-set card `README.md` with front matter `license: cc-by-nc-4.0` (non-commercial).");
}
