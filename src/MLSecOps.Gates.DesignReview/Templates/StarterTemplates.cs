using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Templates;

/// <summary>Skeletons that <c>mlsecops init</c> writes: a threat model listing all thirteen threats, a model card and a data-set card, each with placeholders that fail the gate until filled.</summary>
public static class StarterTemplates
{
    /// <summary>Returns a threat-model skeleton that is schema-valid but fails DES004 until every TODO is replaced.</summary>
    /// <param name="systemName">The system's name.</param>
    /// <param name="modelGlobs">Repository globs of the model files, for the weights asset.</param>
    /// <returns>The YAML text.</returns>
    public static string ThreatModel(string systemName, IReadOnlyList<string> modelGlobs)
    {
        ArgumentNullException.ThrowIfNull(modelGlobs);
        var text = new StringBuilder();
        text.Append("""
            # Threat model read by `mlsecops design-review` (schema: docs/schemas/threat-model.schema.json in mlsecops).
            # Every threat needs mitigations (description, owner, status planned/implemented/verified, optional
            # verified-by rule ids) or `not-applicable: <reason>` instead of mitigations. The gate fails while a TODO is left.
            version: 1
            system:

            """);
        text.Append("  name: ").Append(systemName).Append('\n');
        text.Append("""
              description: TODO one paragraph on what the system does and who uses it
            owners: ["TODO @org/team"]
            assets:
              - name: model weights
                kind: weights
                owner: TODO
                classification: confidential

            """);
        text.Append("    paths: [").Append(string.Join(", ", modelGlobs.Select(g => $"\"{g}\""))).Append("]\n");
        text.Append("""
            data-classification: confidential
            trust-boundaries:
              - name: TODO clients to inference endpoint
                description: TODO who crosses it and how they authenticate
            integrations: []
            # - name: ticket-writer
            #   kind: agent-tool        # agent-tool | external-api | plugin | data-source
            #   capabilities: [read, write, network]
            threats:

            """);
        foreach (var threat in ThreatReferences.All)
        {
            text.Append("  # ").Append(ThreatCatalog.Name(threat.Threat)).Append(" — OWASP ").Append(string.Join(", ", threat.Owasp))
                .Append("; NIST AI RMF ").Append(string.Join(", ", threat.Nist)).Append('\n');
            text.Append("  ").Append(threat.Key).Append(":\n");
            text.Append("    atlas: [").Append(string.Join(", ", threat.Atlas)).Append("]\n");
            text.Append("    mitigations:\n");
            text.Append("      - description: TODO the control, or replace mitigations with not-applicable and the reason\n");
            text.Append("        owner: TODO\n");
            text.Append("        status: planned\n");
        }

        return text.ToString();
    }

    /// <summary>Returns a Hugging Face-style model-card skeleton.</summary>
    /// <param name="modelName">The model's name.</param>
    /// <returns>The Markdown text.</returns>
    public static string ModelCard(string modelName) => $$"""
        ---
        license: "[More Information Needed]"
        datasets:
          - "[More Information Needed]"
        base_model: "[More Information Needed]"
        ---
        # Model card for {{modelName}}

        ## Uses

        ### Direct Use

        [More Information Needed]

        ### Out-of-Scope Use

        [More Information Needed]

        ## Bias, Risks, and Limitations

        <!-- Report the bias evaluation: the metric, the groups and the measured values. -->
        [More Information Needed]

        ## Limitations

        [More Information Needed]

        """;

    /// <summary>Returns a Hugging Face-style data-set card skeleton.</summary>
    /// <param name="datasetName">The data set's name.</param>
    /// <returns>The Markdown text.</returns>
    public static string DataCard(string datasetName) => $$"""
        ---
        license: "[More Information Needed]"
        ---
        # Data-set card for {{datasetName}}

        ## Source Data

        [More Information Needed]

        ## Data Collection and Processing

        [More Information Needed]

        ## Personal and Sensitive Information

        [More Information Needed]

        Consent / legal basis: [More Information Needed]

        """;
}
