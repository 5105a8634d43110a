using MLSecOps.Gates.DesignReview.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests;

/// <summary>Every rule class is listed in the gate, sealed and stateless, and documented in docs/gates/design-review.md, which publishes the threat-model schema.</summary>
public sealed class ConventionTests() : RuleClassConventionTests(new DesignReviewGate(), typeof(IDesignRule), "design-review.md", everyRuleIsAClass: true)
{
    [Test]
    public void Docs_PublishTheSchemaTheGateUses()
    {
        Assert.That(Page, Does.Contain("docs/schemas/threat-model.schema.json"));
    }
}
