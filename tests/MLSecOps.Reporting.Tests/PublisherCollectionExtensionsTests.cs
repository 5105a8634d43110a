using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Tests;

public sealed class PublisherCollectionExtensionsTests
{
    [Test]
    public void Add_EveryLocalPublisher_KeepsOrderAndAllAreRequired()
    {
        var publishers = new List<IFindingPublisher>();

        publishers.AddSarifPublisher("out/a.sarif").AddJsonPublisher("out/a.json").AddMarkdownSummaryPublisher("out/a.md").AddConsolePublisher(TextWriter.Null);

        Assert.That(publishers.Select(p => p.Name), Is.EqualTo(new[] { "sarif", "json", "summary", "console" }));
        Assert.That(publishers.Select(p => p.IsRequired), Is.All.True);
    }
}
