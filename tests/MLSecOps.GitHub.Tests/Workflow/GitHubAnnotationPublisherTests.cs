using MLSecOps.Core.Rules;
using MLSecOps.GitHub.Workflow;

namespace MLSecOps.GitHub.Tests.Workflow;

public sealed class GitHubAnnotationPublisherTests
{
    [Test]
    public async Task PublishAsync_TwelveErrorsThreeWarnings_WritesTenErrorsThreeWarningsAndOneNotice()
    {
        var findings = Enumerable.Range(1, 12).Select(i => Some.Finding("MOD001", Severity.Critical, $"models/m{i:00}.pkl"))
            .Concat(Enumerable.Range(1, 3).Select(i => Some.Finding("MOD002", Severity.Medium, $"models/w{i}.pkl", blocking: false)))
            .ToArray();
        using var stdout = new StringWriter();

        await new GitHubAnnotationPublisher(stdout, "the job summary and code scanning").PublishAsync(Some.Report(Some.Gate("model-scan", findings)), CancellationToken.None);

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)), Is.EqualTo(10));
        Assert.That(lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(lines[0], Is.EqualTo("::error file=models/m01.pkl,line=1,title=MOD001%3A Title of MOD001::MOD001 found in models/m01.pkl"));
        Assert.That(lines[^1], Is.EqualTo("::notice title=MLSecOps%3A more findings::2 more finding(s) are not shown as annotations (GitHub shows 10 of each type per step): see the job summary and code scanning."));
    }

    [Test]
    public async Task PublishAsync_TwelveNotices_KeepsANoticeSlotForTheMoreNotice()
    {
        var findings = Enumerable.Range(1, 12).Select(i => Some.Finding("MOD003", Severity.Low, $"models/n{i:00}.pkl", blocking: false)).ToArray();
        using var stdout = new StringWriter();

        await new GitHubAnnotationPublisher(stdout, "the job summary").PublishAsync(Some.Report(Some.Gate("model-scan", findings)), CancellationToken.None);

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(10));
        Assert.That(lines[8], Does.StartWith("::notice file=models/n09.pkl,"));
        Assert.That(lines[9], Does.Contain("::3 more finding(s)"));
    }

    [Test]
    public async Task PublishAsync_SuppressedFinding_IsNotAnnotated()
    {
        using var stdout = new StringWriter();
        var report = Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.Critical, suppressed: true), Some.Finding("MOD004", Severity.Info, "b.txt", 4, blocking: false)));

        await new GitHubAnnotationPublisher(stdout, "the job summary").PublishAsync(report, CancellationToken.None);

        Assert.That(stdout.ToString(), Is.EqualTo("::notice file=b.txt,line=4,title=MOD004%3A Title of MOD004::MOD004 found in b.txt\n"));
    }

    [Test]
    public async Task PublishAsync_MessageWithNewlineAndCommand_StaysOnOneLine()
    {
        using var stdout = new StringWriter();
        var report = Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High, "a%0A::error::x.pkl", message: "evil\n::add-mask::x")));

        await new GitHubAnnotationPublisher(stdout, "the job summary").PublishAsync(report, CancellationToken.None);

        Assert.That(stdout.ToString(), Is.EqualTo("::error file=a%250A%3A%3Aerror%3A%3Ax.pkl,line=1,title=MOD001%3A Title of MOD001::evil%0A::add-mask::x\n"));
    }

    [Test]
    public async Task PublishAsync_SlotsReservedForApiPublishers_WritesFewerNotices()
    {
        var findings = Enumerable.Range(1, 12).Select(i => Some.Finding("MOD003", Severity.Low, $"models/n{i:00}.pkl", blocking: false)).ToArray();
        using var stdout = new StringWriter();

        await new GitHubAnnotationPublisher(stdout, "the job summary", reservedPerType: 3).PublishAsync(Some.Report(Some.Gate("model-scan", findings)), CancellationToken.None);

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(7));
        Assert.That(lines[5], Does.StartWith("::notice file=models/n06.pkl,"));
        Assert.That(lines[6], Does.Contain("::6 more finding(s)"));
    }
}
