using System.Reflection;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>Every rule class is listed in the gate, sealed and stateless, and documented in docs/gates/deploy-audit.md.</summary>
public sealed class ConventionTests
{
    private static readonly Type[] s_ruleTypes =
        [.. typeof(DeployAuditGate).Assembly.GetTypes().Where(t => typeof(IDeployRule).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)];

    [Test]
    public void RuleClasses_AreAllListedInTheGate()
    {
        var listed = new DeployAuditGate().Rules.Select(r => r.Id).ToHashSet();
        var ids = s_ruleTypes.Select(t => ((IDeployRule)Activator.CreateInstance(t)!).Descriptor.Id).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(listed, Is.SupersetOf(ids));
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
        var doc = File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "gates", "deploy-audit.md"));

        foreach (var rule in new DeployAuditGate().Rules)
        {
            Assert.That(doc, Does.Contain($"### {rule.Id} — {rule.Title}"), rule.Id);
            Assert.That(doc, Does.Contain(rule.Description).And.Contain("**Fix:** " + rule.HelpMarkdown), rule.Id);
        }
    }
}
