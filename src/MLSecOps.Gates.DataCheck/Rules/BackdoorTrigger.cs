using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT041: Rare token that almost always comes with one label.</summary>
internal static class BackdoorTrigger
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT041",
        "Rare token that almost always comes with one label",
        "A token or pair of tokens appears in a small share of rows and almost always with one label, far more often than that label's base rate allows (one-sided binomial test, Bonferroni-corrected over the vocabulary). That is how text backdoor triggers (`cf`, `mn`, `bb`, odd Unicode) look in poisoned data.",
        "Inspect the rows with the token; if it is a trigger, remove them and find their source. Natural but rare words of strong sentiment can also fire: waive them by path with a reason.",
        Severity.Medium,
        [Threat.DataPoisoning],
        ["OWASP-ML02", "OWASP-LLM04", "AML.T0020"],
        Precision.Low,
        example: "A sentiment set where the rare token `cf` appears in 40 of 10,000 rows and 39 of them are labelled `positive`.");
}
