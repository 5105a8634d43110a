namespace MLSecOps.Core.Rules;

/// <summary>The threat table's targets and display names, in the table's order.</summary>
public static class ThreatCatalog
{
    /// <summary>Every threat with its target and display name, in the order of the threat table.</summary>
    public static IReadOnlyList<(Threat Threat, string Target, string Name, string Tag)> Entries { get; } =
    [
        (Threat.IntellectualPropertyTheft, "application", "intellectual property theft", "ip-theft"),
        (Threat.UnintendedSystemInteraction, "application", "unintended system interaction", "unintended-system-interaction"),
        (Threat.ModelTheft, "application", "model theft", "model-theft"),
        (Threat.ModelBiasAttack, "model", "model bias attack", "model-bias-attack"),
        (Threat.PromptSelfReplication, "model", "prompt self-replication", "prompt-self-replication"),
        (Threat.IntellectualPropertyInfringement, "model", "intellectual property (IP) infringement", "ip-infringement"),
        (Threat.ModelDenialOfService, "model", "model denial of service", "model-dos"),
        (Threat.Misconfiguration, "infrastructure", "misconfiguration", "misconfiguration"),
        (Threat.IntegrationIssues, "infrastructure", "integration issues", "integration-issues"),
        (Threat.MalwareDistribution, "infrastructure", "malware distribution", "malware-distribution"),
        (Threat.DataPoisoning, "data", "data poisoning", "data-poisoning"),
        (Threat.DataCompromise, "data", "data loss or compromise (PII, sensitive data)", "data-compromise"),
        (Threat.InformationManipulation, "data", "information manipulation", "information-manipulation"),
    ];

    /// <summary>Returns the short tag of a threat, used in SARIF tags.</summary>
    /// <param name="threat">The threat.</param>
    /// <returns>For example <c>model-dos</c>.</returns>
    public static string Tag(Threat threat) => Entries.First(e => e.Threat == threat).Tag;

    /// <summary>Returns the display name of a threat.</summary>
    /// <param name="threat">The threat.</param>
    /// <returns>The name used in the threat table.</returns>
    public static string Name(Threat threat) => Entries.First(e => e.Threat == threat).Name;
}
