using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>One design-review rule: a descriptor and a stateless check over the dossier.</summary>
internal interface IDesignRule
{
    /// <summary>Gets the rule's descriptor.</summary>
    RuleDescriptor Descriptor { get; }

    /// <summary>Evaluates the rule.</summary>
    /// <param name="dossier">What the gate gathered.</param>
    /// <returns>The findings.</returns>
    IEnumerable<Finding> Evaluate(DesignDossier dossier);
}
