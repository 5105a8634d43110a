using System.Reflection;
using MLSecOps.Gates.DesignReview.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests;

/// <summary>Every rule class is listed in the gate, sealed and stateless, and documented in docs/gates/design-review.md.</summary>
public sealed class ConventionTests
{
    private static readonly Type[] s_ruleTypes =
        [.. typeof(DesignReviewGate).Assembly.GetTypes().Where(t => typeof(IDesignRule).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)];

    [Test]
    public void RuleClasses_AreAllListedInTheGate()
    {
        var listed = new DesignReviewGate().Rules.Select(r => r.Id).ToList();
        var ids = s_ruleTypes.Select(t => ((IDesignRule)Activator.CreateInstance(t)!).Descriptor.Id).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(listed, Is.EquivalentTo(ids));
    }

    [Test]
    public void RuleClasses_AreSealedAndHaveNoInstanceFields()
    {
        foreach (var type in s_ruleTypes)
        {
            Assert.That(type.IsSealed, Is.True, type.Name);
            Assert.That(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic), Is.Empty, type.Name);
        }
    }

    [Test]
    public void Docs_DescribeEveryRuleWithItsTitleDescriptionAndFix()
    {
        var doc = File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "gates", "design-review.md"));

        foreach (var rule in new DesignReviewGate().Rules)
        {
            Assert.That(doc, Does.Contain($"### {rule.Id} — {rule.Title}"), rule.Id);
            Assert.That(doc, Does.Contain(rule.Description).And.Contain("**Fix:** " + rule.HelpMarkdown), rule.Id);
        }
    }

    [Test]
    public void Docs_PublishTheSchemaTheGateUses()
    {
        var doc = File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "gates", "design-review.md"));

        Assert.That(doc, Does.Contain("docs/schemas/threat-model.schema.json"));
    }
}
