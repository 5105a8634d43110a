using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Text;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class RuleAdviceTests
{
    [TestCase("Pin the image by digest. Renovate keeps digests current.", "Pin the image by digest.")]
    [TestCase("Bind to 127.0.0.1, e.g. with --host. Then add auth.", "Bind to 127.0.0.1, e.g. with --host.")]
    [TestCase("Set `runAsNonRoot: true` and see [the docs](https://x.example/y).", "Set runAsNonRoot: true and see the docs.")]
    [TestCase("**Never** load it.\nUse safetensors.", "Never load it.")]
    public void Fix_Help_IsItsFirstSentenceInPlainText(string help, string expected)
    {
        var rule = RuleDescriptorFactory.Create("DEP999", "t", "d", help, Severity.Low, [Threat.Misconfiguration], []);

        Assert.That(RuleAdvice.Fix(rule), Is.EqualTo(expected));
    }

    [Test]
    public void Fix_VeryLongSentence_IsCut()
    {
        var rule = RuleDescriptorFactory.Create("DEP999", "t", "d", new string('x', 500), Severity.Low, [Threat.Misconfiguration], []);

        Assert.That(RuleAdvice.Fix(rule), Has.Length.EqualTo(201).And.EndWith("…"));
    }

    [Test]
    public void Plain_ScannedLookingText_CannotStartACommand()
    {
        Assert.That(RuleAdvice.Plain("a\n##vso[task.complete]x"), Is.EqualTo("a ## vso[task.complete]x"));
    }
}
