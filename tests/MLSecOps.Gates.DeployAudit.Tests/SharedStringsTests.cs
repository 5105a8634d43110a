namespace MLSecOps.Gates.DeployAudit.Tests;

public sealed class SharedStringsTests
{
    [Test]
    public void Share_EqualStrings_GiveOneInstance()
    {
        var strings = new SharedStrings();
        var first = string.Concat("spec.template.spec.", "containers[0].image");
        var second = string.Concat("spec.template.spec.containers[0]", ".image");

        Assert.Multiple(() =>
        {
            Assert.That(strings.Share(first), Is.SameAs(first));
            Assert.That(strings.Share(second), Is.SameAs(first));
            Assert.That(strings.Share("other"), Is.EqualTo("other"));
        });
    }

    [Test]
    public void Share_PastTheCap_KeepsNewStringsAsTheyAre()
    {
        var strings = new SharedStrings();
        for (var i = 0; i < 65_536; i++)
        {
            strings.Share("key-" + i);
        }

        var late = string.Concat("key-", "late");
        var early = string.Concat("key-", "7");

        Assert.Multiple(() =>
        {
            Assert.That(strings.Share(late), Is.SameAs(late));
            Assert.That(strings.Share(string.Concat("key-", "late")), Is.Not.SameAs(late));
            Assert.That(strings.Share(early), Is.Not.SameAs(early).And.EqualTo("key-7"));
        });
    }

    [Test]
    public void Share_FromManyThreads_GivesOneInstancePerValue()
    {
        var strings = new SharedStrings();
        var shared = new string[8][];
        Parallel.For(0, shared.Length, t => shared[t] = [.. Enumerable.Range(0, 1000).Select(i => strings.Share(string.Concat("path.", (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture))))]);

        for (var i = 0; i < 1000; i++)
        {
            Assert.That(shared.Select(s => s[i]).Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(1));
        }
    }
}
