using System.Text.RegularExpressions;

namespace MLSecOps.Core.Rules;

/// <summary>The one way to build a <see cref="RuleDescriptor"/>: validates the id and derives the help address.</summary>
public static partial class RuleDescriptorFactory
{
    /// <summary>The base address of the rule catalogue; the lower-case id is its anchor.</summary>
    public const string HelpBase = "https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#";

    /// <summary>Creates a rule descriptor.</summary>
    /// <param name="id">The id: <c>DES</c>, <c>DAT</c>, <c>MOD</c>, <c>DEP</c> or <c>POL</c> and three digits.</param>
    /// <param name="title">The one-line title.</param>
    /// <param name="description">What the rule detects and why it matters.</param>
    /// <param name="helpMarkdown">How to fix or deliberately allow it, in Markdown.</param>
    /// <param name="severity">The default severity.</param>
    /// <param name="threats">The threat-table entries it answers; at least one.</param>
    /// <param name="standards">Standards references (OWASP, ATLAS, CWE ids).</param>
    /// <param name="precision">The expected precision.</param>
    /// <param name="example">A short Markdown sample that triggers the rule, such as a line of the file it reads.</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentException">The id or texts are malformed.</exception>
    public static RuleDescriptor Create(
        string id,
        string title,
        string description,
        string helpMarkdown,
        Severity severity,
        IReadOnlyList<Threat> threats,
        IReadOnlyList<string> standards,
        Precision precision = Precision.High,
        string? example = null)
    {
        ArgumentNullException.ThrowIfNull(threats);
        ArgumentNullException.ThrowIfNull(standards);
        if (!IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"Rule id '{id}' must be DES/DAT/MOD/DEP/POL and three digits.", nameof(id));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentException.ThrowIfNullOrWhiteSpace(helpMarkdown);
        if (threats.Count == 0)
        {
            throw new ArgumentException($"Rule {id} must name at least one threat.", nameof(threats));
        }

        if (example is not null && string.IsNullOrWhiteSpace(example))
        {
            throw new ArgumentException($"Rule {id} has a blank example; give a sample that triggers it or none.", nameof(example));
        }

        var helpUri = new Uri(HelpBase + id.ToLowerInvariant());
        return new RuleDescriptor(id, title, description, helpMarkdown, severity, threats, standards, helpUri, precision, example);
    }

    [GeneratedRegex("^(DES|DAT|MOD|DEP|POL)[0-9]{3}$")]
    private static partial Regex IdPattern();
}
