using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.GitHub.Workflow;
using MLSecOps.TestKit;

namespace MLSecOps.GitHub.Tests.Workflow;

public sealed class GitHubEnvironmentFilesTests
{
    [Test]
    public async Task WriteOutputsAsync_SingleAndMultiLine_UsesNameValueAndHeredoc()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "output");
        var files = new GitHubEnvironmentFiles(null, output, Sequence("ghadelimiter_1"));

        await files.WriteOutputsAsync([new("decision", "fail"), new("notes", "line one\nline two")], CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(output), Is.EqualTo("decision=fail\nnotes<<ghadelimiter_1\nline one\nline two\nghadelimiter_1\n"));
    }

    [Test]
    public void FormatOutput_ValueContainsDelimiter_PicksAnotherOne()
    {
        var files = new GitHubEnvironmentFiles(null, null, Sequence("EOF", "ghadelimiter_2"));

        var text = files.FormatOutput("notes", "a\nEOF\nb=c");

        Assert.That(text, Is.EqualTo("notes<<ghadelimiter_2\na\nEOF\nb=c\nghadelimiter_2\n"));
    }

    [Test]
    public void FormatOutput_NameWithEquals_Throws()
    {
        var files = new GitHubEnvironmentFiles(null, null, Sequence("d"));

        Assert.That(() => files.FormatOutput("a=b", "v"), Throws.ArgumentException);
    }

    [Test]
    public async Task AppendStepSummaryAsync_FitsInLimit_AppendsAll()
    {
        using var dir = new TempDirectory();
        var summary = dir.Write("summary.md", "# earlier step\n");
        var files = new GitHubEnvironmentFiles(summary, null, Sequence("d"));

        var complete = await files.AppendStepSummaryAsync("## MLSecOps\n| a | b |", CancellationToken.None);

        Assert.That(complete, Is.True);
        Assert.That(await File.ReadAllTextAsync(summary), Is.EqualTo("# earlier step\n## MLSecOps\n| a | b |\n"));
    }

    [Test]
    public async Task AppendStepSummaryAsync_OverOneMebibyte_CutsAtALineAndStaysUnderTheLimit()
    {
        using var dir = new TempDirectory();
        var summary = dir.Write("summary.md", new string('x', 1000) + "\n");
        var files = new GitHubEnvironmentFiles(summary, null, Sequence("d"));
        var markdown = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"| row {i:00000} | ünïcode ✓ |\n"));

        var complete = await files.AppendStepSummaryAsync(markdown, CancellationToken.None);

        var written = await File.ReadAllBytesAsync(summary);
        var text = Encoding.UTF8.GetString(written);
        Assert.That(complete, Is.False);
        Assert.That(written, Has.Length.LessThanOrEqualTo(GitHubEnvironmentFiles.StepSummaryLimitBytes));
        Assert.That(text, Does.EndWith(GitHubEnvironmentFiles.TruncationNote));
        Assert.That(text[..^GitHubEnvironmentFiles.TruncationNote.Length], Does.EndWith("| ünïcode ✓ |\n"));
    }

    [Test]
    public async Task PublishAsync_Report_WritesTheFourOutputs()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "output");
        var summary = Path.Combine(dir.Path, "summary.md");
        var publisher = new GitHubStepOutputsPublisher(new GitHubEnvironmentFiles(summary, output, Sequence("d")), r => $"decision: {r.Decision.Name}", "mlsecops-model-scan.sarif", TextWriter.Null);
        var report = Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.Critical), Some.Finding("MOD002", Severity.Low, blocking: false), Some.Finding("MOD003", Severity.High, suppressed: true)));

        await publisher.PublishAsync(report, CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(output), Is.EqualTo("decision=fail\nfindings=2\nblocking=1\nsarif-file=mlsecops-model-scan.sarif\n"));
        Assert.That(await File.ReadAllTextAsync(summary), Is.EqualTo("decision: fail\n"));
    }

    [Test]
    public async Task PublishAsync_NoSummaryFile_WritesOutputsAndNoNotice()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "output");
        using var stdout = new StringWriter();
        var publisher = new GitHubStepOutputsPublisher(new GitHubEnvironmentFiles(null, output, Sequence()), r => "summary", null, stdout);

        await publisher.PublishAsync(Some.Report(Some.Gate("model-scan")), CancellationToken.None);

        Assert.That(stdout.ToString(), Is.Empty);
        Assert.That(await File.ReadAllTextAsync(output), Is.EqualTo("decision=pass\nfindings=0\nblocking=0\nsarif-file=\n"));
    }

    private static Func<string> Sequence(params string[] values)
    {
        var queue = new Queue<string>(values);
        return () => queue.Dequeue();
    }
}
