using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Rules.Bases;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES004: the threat model still holds template placeholders (TODO, TBD) or an empty owner.</summary>
internal sealed class ThreatModelPlaceholder : ThreatModelRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES004",
        "Placeholder or empty owner in the threat model",
        "A TODO, TBD or FIXME value, a `<fill in>` marker or an empty owner means the threat model was started but not finished: nobody is accountable for the asset or the mitigation.",
        "Replace the placeholder with the real answer, and name a person, e-mail or `@org/team` as each owner.",
        Severity.High,
        [Threat.IntellectualPropertyTheft, Threat.DataCompromise],
        ["NIST-AI-RMF-GOVERN-2.1"],
        example: "A threat-model asset `{ name: training data, owner: \"\" }`, or a mitigation `description: TODO`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(ThreatModelDocument model, DesignDossier dossier)
    {
        for (var i = 0; i < model.Lines.Count; i++)
        {
            var line = Placeholders.WithoutYamlComment(model.Lines[i]);
            if (Placeholders.Find(line) is { } placeholder)
            {
                var column = line.IndexOf(placeholder, StringComparison.Ordinal) + 1;
                yield return Finding.Create(Rule, new Location(model.Path, i + 1, column), $"Placeholder '{placeholder}' left in the threat model.", $"line#{line.Trim()}", placeholder);
            }
        }

        var owners = model.Assets.Select(a => (a.Owner, a.Pointer + "/owner", a.Name))
            .Concat(model.Threats.SelectMany(t => t.Mitigations.Select(m => (m.Owner, m.Pointer + "/owner", $"{t.Key} mitigation"))));
        foreach (var (owner, pointer, what) in owners)
        {
            if (owner is not null && string.IsNullOrWhiteSpace(owner))
            {
                yield return At(model, pointer, $"The owner of {what} is empty; name who is accountable.");
            }
        }
    }
}
