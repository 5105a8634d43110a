using System.Reflection;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using NUnit.Framework;

namespace MLSecOps.TestKit;

/// <summary>Conventions of a gate whose rules are classes: every class is listed in the gate, sealed and stateless, and described on the gate's page.</summary>
/// <param name="gate">The gate.</param>
/// <param name="ruleInterface">The interface every rule class of the gate implements; it has a <c>Descriptor</c> property.</param>
/// <param name="page">The gate's page under docs/gates, such as <c>deploy-audit.md</c>.</param>
/// <param name="everyRuleIsAClass">Whether the gate lists no rule beyond its rule classes.</param>
public abstract class RuleClassConventionTests(IGate gate, Type ruleInterface, string page, bool everyRuleIsAClass)
{
    private Type[] RuleTypes =>
        [.. ruleInterface.Assembly.GetTypes().Where(t => ruleInterface.IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)];

    /// <summary>Gets the text of the gate's page.</summary>
    protected string Page => File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "gates", page));

    /// <summary>Every rule class is in the gate's rule list, once.</summary>
    [Test]
    public void RuleClasses_AreAllListedInTheGate()
    {
        var descriptor = ruleInterface.GetProperty("Descriptor") ?? throw new InvalidOperationException($"{ruleInterface.Name} has no Descriptor property");
        var ids = RuleTypes.Select(t => ((RuleDescriptor)descriptor.GetValue(Activator.CreateInstance(t))!).Id).ToList();
        var listed = gate.Rules.Select(r => r.Id).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(listed, everyRuleIsAClass ? Is.EquivalentTo(ids) : Is.SupersetOf(ids));
    }

    /// <summary>Rules are shared by concurrent files, so a rule class holds no state.</summary>
    [Test]
    public void RuleClasses_AreSealedAndHaveNoInstanceFields()
    {
        foreach (var type in RuleTypes)
        {
            Assert.That(type.IsSealed, Is.True, type.Name);
            Assert.That(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic), Is.Empty, type.Name);
        }
    }

    /// <summary>The page shows each rule's title, description and fix as the descriptor states them.</summary>
    [Test]
    public void Docs_DescribeEveryRuleWithItsTitleDescriptionAndFix()
    {
        var doc = Page;

        foreach (var rule in gate.Rules)
        {
            Assert.That(doc, Does.Contain($"### {rule.Id} — {rule.Title}"), rule.Id);
            Assert.That(doc, Does.Contain(rule.Description).And.Contain("**Fix:** " + rule.HelpMarkdown), rule.Id);
        }
    }
}
