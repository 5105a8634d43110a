namespace MLSecOps.Core.Rules;

/// <summary>The identity and documentation of one rule: what it finds, why it matters and how to fix it.</summary>
public sealed class RuleDescriptor
{
    internal RuleDescriptor(
        string id,
        string title,
        string description,
        string helpMarkdown,
        Severity defaultSeverity,
        IReadOnlyList<Threat> threats,
        IReadOnlyList<string> standards,
        Uri helpUri,
        Precision precision,
        string? example)
    {
        Id = id;
        Title = title;
        Description = description;
        HelpMarkdown = helpMarkdown;
        DefaultSeverity = defaultSeverity;
        Threats = threats;
        Standards = standards;
        HelpUri = helpUri;
        Precision = precision;
        Example = example;
    }

    /// <summary>Gets the stable id, such as <c>MOD001</c>; never reused or renumbered.</summary>
    public string Id { get; }

    /// <summary>Gets the one-line title.</summary>
    public string Title { get; }

    /// <summary>Gets the full description: what the rule detects and why it is a risk.</summary>
    public string Description { get; }

    /// <summary>Gets the Markdown help: how to fix the problem or allow it deliberately.</summary>
    public string HelpMarkdown { get; }

    /// <summary>Gets the severity used unless the policy overrides it.</summary>
    public Severity DefaultSeverity { get; }

    /// <summary>Gets the threat-table entries the rule helps answer.</summary>
    public IReadOnlyList<Threat> Threats { get; }

    /// <summary>Gets the standards references, such as <c>OWASP-ML06</c>, <c>AML.T0010</c> or <c>CWE-502</c>.</summary>
    public IReadOnlyList<string> Standards { get; }

    /// <summary>Gets the documentation address of the rule.</summary>
    public Uri HelpUri { get; }

    /// <summary>Gets how often the rule is expected to be wrong.</summary>
    public Precision Precision { get; }

    /// <summary>Gets a short Markdown sample that triggers the rule (a line of a file, or what a file holds); <see langword="null"/> when none was given.</summary>
    public string? Example { get; }

    /// <summary>Gets the id prefix, such as <c>MOD</c>.</summary>
    public string Prefix => Id[..3];

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Title}";
}
