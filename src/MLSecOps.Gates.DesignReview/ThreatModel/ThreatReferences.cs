using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>The standards each threat of the threat table maps to: MITRE ATLAS techniques, OWASP LLM / ML Top 10 and NIST AI RMF subcategories.</summary>
/// <param name="Threat">The threat.</param>
/// <param name="Key">Its key in the threat model (the threat's tag, such as <c>model-theft</c>).</param>
/// <param name="Atlas">ATLAS technique ids that realise the threat.</param>
/// <param name="Owasp">OWASP LLM Top 10 (2025) and ML Top 10 ids.</param>
/// <param name="Nist">NIST AI RMF 1.0 subcategories that ask for the control.</param>
internal sealed record ThreatReferences(Threat Threat, string Key, IReadOnlyList<string> Atlas, IReadOnlyList<string> Owasp, IReadOnlyList<string> Nist)
{
    /// <summary>Gets the thirteen threats in the order of the threat table.</summary>
    public static IReadOnlyList<ThreatReferences> All { get; } =
    [
        new(Threat.IntellectualPropertyTheft, "ip-theft", ["AML.T0048.004", "AML.T0024.002"], ["LLM02", "ML05"], ["GOVERN 6.1", "MAP 4.1"]),
        new(Threat.UnintendedSystemInteraction, "unintended-system-interaction", ["AML.T0051", "AML.T0053"], ["LLM06"], ["MAP 3.5", "MANAGE 1.3"]),
        new(Threat.ModelTheft, "model-theft", ["AML.T0024.002", "AML.T0040"], ["ML05", "LLM10"], ["MEASURE 2.7", "MANAGE 1.3"]),
        new(Threat.ModelBiasAttack, "model-bias-attack", ["AML.T0020", "AML.T0059"], ["ML08"], ["MEASURE 2.11"]),
        new(Threat.PromptSelfReplication, "prompt-self-replication", ["AML.T0051", "AML.T0061"], ["LLM01", "LLM05"], ["MEASURE 2.7", "MANAGE 2.4"]),
        new(Threat.IntellectualPropertyInfringement, "ip-infringement", ["AML.T0010.003", "AML.T0010.002"], ["LLM03"], ["GOVERN 6.1", "MAP 4.1"]),
        new(Threat.ModelDenialOfService, "model-dos", ["AML.T0029", "AML.T0034"], ["LLM10"], ["MEASURE 2.6", "MEASURE 2.7"]),
        new(Threat.Misconfiguration, "misconfiguration", ["AML.T0049", "AML.T0055"], ["LLM03", "ML06"], ["MEASURE 2.7", "GOVERN 1.4"]),
        new(Threat.IntegrationIssues, "integration-issues", ["AML.T0010", "AML.T0010.005"], ["LLM03", "ML06"], ["GOVERN 6.1", "MANAGE 3.2"]),
        new(Threat.MalwareDistribution, "malware-distribution", ["AML.T0010", "AML.T0018.002", "AML.T0011.000"], ["ML06", "LLM03"], ["GOVERN 6.1", "MANAGE 3.2"]),
        new(Threat.DataPoisoning, "data-poisoning", ["AML.T0020", "AML.T0019", "AML.T0010.002"], ["ML02", "LLM04"], ["MEASURE 2.7", "MAP 2.3"]),
        new(Threat.DataCompromise, "data-compromise", ["AML.T0057", "AML.T0024.000", "AML.T0025"], ["LLM02", "ML03", "ML04"], ["MEASURE 2.10"]),
        new(Threat.InformationManipulation, "information-manipulation", ["AML.T0020", "AML.T0010", "AML.T0059"], ["ML10", "ML09"], ["MEASURE 2.7", "GOVERN 6.1"]),
    ];

    /// <summary>Returns the entry of a threat-model key.</summary>
    /// <param name="key">Such as <c>model-theft</c>.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public static ThreatReferences? ForKey(string key) => All.FirstOrDefault(t => t.Key == key);

    /// <summary>Returns the entry of a threat.</summary>
    /// <param name="threat">The threat.</param>
    /// <returns>The entry.</returns>
    public static ThreatReferences For(Threat threat) => All.First(t => t.Threat == threat);

    /// <summary>Gets the references as one line for messages, such as <c>ATLAS AML.T0029; OWASP LLM10; NIST AI RMF MEASURE 2.7</c>.</summary>
    public string Summary => $"ATLAS {string.Join(", ", Atlas)}; OWASP {string.Join(", ", Owasp)}; NIST AI RMF {string.Join(", ", Nist)}";
}
