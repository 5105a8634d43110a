using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;

namespace MLSecOps.Gates.DesignReview.Rules.Bases;

/// <summary>Base of the rules that read parsed cards of one kind (model or data set).</summary>
internal abstract class CardRuleBase : IDesignRule
{
    /// <inheritdoc />
    public abstract RuleDescriptor Descriptor { get; }

    /// <summary>Gets whether the rule reads model cards (true) or data-set cards (false).</summary>
    protected abstract bool ModelCards { get; }

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var cards = ModelCards ? dossier.ModelCards : dossier.DataCards;
        return cards.Where(c => c.Document is not null).SelectMany(c => Evaluate(c.Document!));
    }

    /// <summary>Evaluates the rule over one card.</summary>
    /// <param name="card">The card.</param>
    /// <returns>The findings.</returns>
    protected abstract IEnumerable<Finding> Evaluate(CardDocument card);

    /// <summary>Creates a finding at a line of a card.</summary>
    /// <param name="card">The card.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="key">The piece concerned (front-matter key or section), stable across line moves.</param>
    /// <param name="column">The column, if known.</param>
    /// <returns>The finding.</returns>
    protected Finding At(CardDocument card, int line, string message, string key, int? column = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Finding.Create(Descriptor, new Location(card.Path, line, column), message, key, key);
    }

    /// <summary>Returns a front-matter value as text, or <see langword="null"/> when absent.</summary>
    /// <param name="card">The card.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value: a scalar, or the items of a list joined by commas.</returns>
    protected static string? FrontMatterText(CardDocument card, string key)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.FrontMatter?[key] switch
        {
            System.Text.Json.Nodes.JsonArray array => string.Join(", ", array.Select(a => a?.ToString() ?? "")),
            { } node => node.ToString(),
            null when card.FrontMatter?.ContainsKey(key) == true => "",
            _ => null,
        };
    }
}
