using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES002: the threat model is not valid YAML or breaks its JSON schema.</summary>
internal sealed class ThreatModelInvalid : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES002",
        "Threat model is malformed or breaks its schema",
        "The threat model cannot be read, or a key, type or value breaks `docs/schemas/threat-model.schema.json`; a threat model the gate cannot read is treated as absent (fail closed).",
        "Fix the YAML at the reported line and column; the schema lists every key, its type and allowed values (editors with YAML schema support validate as you type).",
        Severity.High,
        [Threat.IntegrationIssues],
        ["NIST-AI-RMF-GOVERN-4.2"],
        example: "A threat model with `version: one` (a string where the schema wants an integer), or a key `mitigatons:` the schema does not know.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.ThreatModelError is { } error)
        {
            yield return Finding.Create(Rule, new Location(dossier.ThreatModelPath, error.Line, error.Column), $"The threat model cannot be read: {error.Message}.", "unreadable");
        }

        foreach (var violation in dossier.SchemaViolations)
        {
            yield return Finding.Create(
                Rule,
                new Location(dossier.ThreatModelPath, violation.Line, violation.Column, LogicalPath: violation.Pointer),
                $"{violation.Pointer}: {violation.Message}",
                violation.Pointer + "#" + violation.Message,
                violation.Pointer);
        }
    }
}
