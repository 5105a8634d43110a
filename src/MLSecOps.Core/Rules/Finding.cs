namespace MLSecOps.Core.Rules;

/// <summary>One problem a rule found. Evidence is already masked; nothing secret is stored here.</summary>
public sealed record Finding
{
    /// <summary>Gets the rule that produced the finding.</summary>
    public required RuleDescriptor Rule { get; init; }

    /// <summary>Gets the severity; the rule's default unless the gate or the policy changed it.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Gets the message: what is wrong here, in one or two sentences, safe to print.</summary>
    public required string Message { get; init; }

    /// <summary>Gets where the problem is.</summary>
    public required Location Location { get; init; }

    /// <summary>Gets the masked evidence (a snippet, a global name, a key path), safe to print.</summary>
    public string? Evidence { get; init; }

    /// <summary>Gets the content key that, with rule and path, identifies the finding across line moves.</summary>
    public required string ContentKey { get; init; }

    /// <summary>Gets the gate that reported the finding; set by the runner.</summary>
    public string Gate { get; init; } = "";

    /// <summary>Gets the in-source suppression the gate found, if any; waivers and baselines are applied later.</summary>
    public Suppression? Suppression { get; init; }

    /// <summary>Gets the stable fingerprint: rule, path and content key, independent of line numbers.</summary>
    public string Fingerprint => FindingFingerprint.Compute(Rule.Id, Location.Path, ContentKey);

    /// <summary>Creates a finding at the rule's default severity.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="location">Where.</param>
    /// <param name="message">What is wrong, safe to print.</param>
    /// <param name="contentKey">A key stable across line moves, such as the global name or the key path.</param>
    /// <param name="evidence">Masked evidence, if any.</param>
    /// <returns>The finding.</returns>
    public static Finding Create(RuleDescriptor rule, Location location, string message, string contentKey, string? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new Finding
        {
            Rule = rule,
            Severity = rule.DefaultSeverity,
            Message = message,
            Location = location,
            ContentKey = contentKey,
            Evidence = evidence,
        };
    }
}
