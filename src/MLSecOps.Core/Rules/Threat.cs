namespace MLSecOps.Core.Rules;

/// <summary>An entry of the AI threat table (docs: shared/docs/threats.md) that a rule helps answer.</summary>
public enum Threat
{
    /// <summary>Application: intellectual property theft.</summary>
    IntellectualPropertyTheft,

    /// <summary>Application: unintended system interaction.</summary>
    UnintendedSystemInteraction,

    /// <summary>Application: model theft.</summary>
    ModelTheft,

    /// <summary>Model: model bias attack.</summary>
    ModelBiasAttack,

    /// <summary>Model: prompt self-replication.</summary>
    PromptSelfReplication,

    /// <summary>Model: intellectual property infringement.</summary>
    IntellectualPropertyInfringement,

    /// <summary>Model: model denial of service.</summary>
    ModelDenialOfService,

    /// <summary>Infrastructure: misconfiguration.</summary>
    Misconfiguration,

    /// <summary>Infrastructure: integration issues.</summary>
    IntegrationIssues,

    /// <summary>Infrastructure: malware distribution.</summary>
    MalwareDistribution,

    /// <summary>Data: data poisoning.</summary>
    DataPoisoning,

    /// <summary>Data: loss or compromise of personal or sensitive data.</summary>
    DataCompromise,

    /// <summary>Data: information manipulation (tampering).</summary>
    InformationManipulation,
}
