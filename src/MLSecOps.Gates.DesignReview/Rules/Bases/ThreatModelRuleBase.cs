using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Rules.Bases;

/// <summary>Base of the rules that read a parsed threat model; they do not run when there is none.</summary>
internal abstract class ThreatModelRuleBase : IDesignRule
{
    /// <inheritdoc />
    public abstract RuleDescriptor Descriptor { get; }

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return dossier.ThreatModel is { } model ? Evaluate(model, dossier) : [];
    }

    /// <summary>Evaluates the rule over a parsed threat model.</summary>
    /// <param name="model">The threat model.</param>
    /// <param name="dossier">The rest of the dossier.</param>
    /// <returns>The findings.</returns>
    protected abstract IEnumerable<Finding> Evaluate(ThreatModelDocument model, DesignDossier dossier);

    /// <summary>Creates a finding at a JSON pointer of the threat model.</summary>
    /// <param name="model">The threat model.</param>
    /// <param name="pointer">Where.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="evidence">The key path or value, safe to print.</param>
    /// <returns>The finding.</returns>
    protected Finding At(ThreatModelDocument model, string pointer, string message, string? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (line, column) = model.PositionOf(pointer);
        return Finding.Create(Descriptor, new Location(model.Path, line, column, LogicalPath: pointer), message, pointer + "#" + (evidence ?? ""), evidence ?? pointer);
    }
}
