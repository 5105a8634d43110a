using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Tests.Rules;

public sealed class RuleDescriptorFactoryTests
{
    [Test]
    public void Create_WithExample_KeepsIt()
    {
        var rule = Create("DEP082", "ADD https://example.com/model.bin /models/");

        Assert.That(rule.Example, Is.EqualTo("ADD https://example.com/model.bin /models/"));
    }

    [Test]
    public void Create_WithoutExample_HasNone()
    {
        var rule = RuleDescriptorFactory.Create("MOD001", "Title", "Description.", "Fix it.", Severity.High, [Threat.MalwareDistribution], []);

        Assert.That(rule.Example, Is.Null);
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Create_BlankExample_Throws(string example)
    {
        var error = Assert.Throws<ArgumentException>(() => Create("MOD001", example));

        Assert.That(error!.ParamName, Is.EqualTo("example"));
    }

    private static RuleDescriptor Create(string id, string example) =>
        RuleDescriptorFactory.Create(id, "Title", "Description.", "Fix it.", Severity.High, [Threat.MalwareDistribution], [], Precision.High, example);
}
