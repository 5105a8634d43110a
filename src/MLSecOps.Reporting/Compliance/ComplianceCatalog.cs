using MLSecOps.Core.Rules;
using MLSecOps.Core.Standards;

namespace MLSecOps.Reporting.Compliance;

/// <summary>The frameworks and controls of the compliance report (names only: which rules check a control comes from the
/// rule descriptors' <see cref="RuleDescriptor.Standards"/> and the threat model).</summary>
public static class ComplianceCatalog
{
    /// <summary>The OWASP Top 10 for LLM Applications 2025.</summary>
    public const string OwaspLlm = "owasp-llm";

    /// <summary>The OWASP Machine Learning Security Top 10.</summary>
    public const string OwaspMl = "owasp-ml";

    /// <summary>MITRE ATLAS techniques.</summary>
    public const string MitreAtlas = "mitre-atlas";

    /// <summary>NIST AI RMF 1.0 subcategories.</summary>
    public const string NistAiRmf = "nist-ai-rmf";

    /// <summary>Gets the four frameworks in report order.</summary>
    public static IReadOnlyList<ComplianceFramework> Frameworks { get; } = Load();

    /// <summary>Returns the controls a rule checks according to its standards references; a rule that names an ATLAS
    /// sub-technique also checks its parent technique.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The controls, each once.</returns>
    public static IEnumerable<ComplianceControl> ControlsOf(RuleDescriptor rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Standards.SelectMany(Expand).Select(Find).OfType<ComplianceControl>().Distinct();
    }

    /// <summary>Returns the control a standards reference names, if the catalogue has it.</summary>
    /// <param name="reference">Such as <c>OWASP-LLM01</c>, <c>AML.T0010</c> or <c>NIST-AI-RMF-MEASURE-2.7</c>.</param>
    /// <returns>The control, or <see langword="null"/>.</returns>
    public static ComplianceControl? Find(string reference) => s_byStandard.Value.GetValueOrDefault(reference);

    /// <summary>Returns an ATLAS id and, for a sub-technique, its parent technique.</summary>
    /// <param name="reference">A standards reference.</param>
    /// <returns>The references it stands for.</returns>
    public static IEnumerable<string> Expand(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        yield return reference;
        if (reference.StartsWith("AML.T", StringComparison.Ordinal) && reference.Count(c => c == '.') == 2)
        {
            yield return reference[..reference.LastIndexOf('.')];
        }
    }

    private static readonly Lazy<Dictionary<string, ComplianceControl>> s_byStandard =
        new(() => Frameworks.SelectMany(f => f.Controls).ToDictionary(c => c.StandardId, StringComparer.Ordinal));

    private static List<ComplianceFramework> Load()
    {
        using var stream = typeof(ComplianceCatalog).Assembly.GetManifestResourceStream("compliance-controls.tsv")
            ?? throw new InvalidOperationException("compliance-controls.tsv is not embedded");
        using var reader = new StreamReader(stream);
        var rows = new List<ComplianceControl>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#' && line.Split('\t') is [var framework, var id, var name])
            {
                rows.Add(new ComplianceControl(framework, id, name));
            }
        }

        return
        [
            new(OwaspLlm, "OWASP Top 10 for LLM Applications 2025", [.. rows.Where(r => r.Framework == OwaspLlm)]),
            new(OwaspMl, "OWASP Machine Learning Security Top 10", [.. rows.Where(r => r.Framework == OwaspMl)]),
            new(MitreAtlas, "MITRE ATLAS techniques", [.. AtlasCatalog.Embedded.Techniques.Select(t => new ComplianceControl(MitreAtlas, t.Id, t.Name))]),
            new(NistAiRmf, "NIST AI RMF 1.0 subcategories", [.. rows.Where(r => r.Framework == NistAiRmf)]),
        ];
    }
}
