namespace MLSecOps.AzureDevOps.Tests;

public sealed class LoggingCommandTests
{
    private const string HostileName = "a;b]%0A##vso[task.complete result=Succeeded]x.pkl";

    [Test]
    public void LogIssue_AllProperties_FormatsLikeTheTaskLibrary()
    {
        var command = LoggingCommand.LogIssue(IssueType.Error, "Pickle imports os.system.", "models/a.pkl", 1, 5, "MOD001");

        Assert.That(command.ToString(), Is.EqualTo("##vso[task.logissue type=error;sourcepath=models/a.pkl;linenumber=1;columnnumber=5;code=MOD001;]Pickle imports os.system."));
    }

    [Test]
    public void LogIssue_MissingValues_LeavesThemOut()
    {
        Assert.That(LoggingCommand.LogIssue(IssueType.Warning, "m").ToString(), Is.EqualTo("##vso[task.logissue type=warning;]m"));
    }

    [Test]
    public void OtherCommands_Format()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoggingCommand.Complete(TaskResult.SucceededWithIssues, "done").ToString(), Is.EqualTo("##vso[task.complete result=SucceededWithIssues;]done"));
            Assert.That(LoggingCommand.UploadSummary("/tmp/s.md").ToString(), Is.EqualTo("##vso[task.uploadsummary]/tmp/s.md"));
            Assert.That(LoggingCommand.UploadArtifact("CodeAnalysisLogs", "/out/a.sarif").ToString(), Is.EqualTo("##vso[artifact.upload artifactname=CodeAnalysisLogs;]/out/a.sarif"));
            Assert.That(LoggingCommand.SetVariable("decision", "fail").ToString(), Is.EqualTo("##vso[task.setvariable variable=decision;isoutput=true;]fail"));
        });
    }

    [TestCase("100%", "100%AZP25")]
    [TestCase("a;b", "a%3Bb")]
    [TestCase("a]b", "a%5Db")]
    [TestCase("a\r\nb", "a%0D%0Ab")]
    [TestCase("%3B", "%AZP253B")]
    public void EscapeProperty_SpecialCharacters_AreEncodedPercentFirst(string value, string expected)
    {
        Assert.That(LoggingCommand.EscapeProperty(value), Is.EqualTo(expected));
    }

    [TestCase("50% a;b]c\nd", "50%AZP25 a;b]c%0Ad")]
    public void EscapeMessage_OnlyPercentAndLineBreaks_AreEncoded(string value, string expected)
    {
        Assert.That(LoggingCommand.EscapeMessage(value), Is.EqualTo(expected));
    }

    [Test]
    public void ToString_ControlCharactersFromScannedContent_AreVisibleNotRaw()
    {
        // A pickle global or file name carrying ESC (terminal sequences), NUL, DEL, a C1 control and a bidi override.
        const string hostile = "os.\u001b[2K\u001b[1Asystem\u0000\u007f\u009b\u202e.pkl";

        var line = LoggingCommand.LogIssue(IssueType.Error, hostile, hostile, 1, null, "MOD002").ToString();

        Assert.That(line, Is.EqualTo(
            "##vso[task.logissue type=error;sourcepath=os.\\u001B[2K\\u001B[1Asystem\\u0000\\u007F\\u009B\\u202E.pkl;linenumber=1;code=MOD002;]"
            + "os.\\u001B[2K\\u001B[1Asystem\\u0000\\u007F\\u009B\\u202E.pkl"));
        Assert.That(line.Any(c => char.IsControl(c)), Is.False);
    }

    [Test]
    public void ToString_HostileFileName_StaysOneCommandAndRoundTrips()
    {
        var line = LoggingCommand.LogIssue(IssueType.Error, HostileName, HostileName, 1, null, "MOD001").ToString();

        Assert.That(line.Split('\n'), Has.Length.EqualTo(1));
        var parsed = AgentCommand.TryParse(line)!;
        Assert.That((parsed.Area, parsed.Event), Is.EqualTo(("task", "logissue")));
        Assert.That(parsed.Properties["sourcepath"], Is.EqualTo(HostileName));
        Assert.That(parsed.Properties["type"], Is.EqualTo("error"));
        Assert.That(parsed.Properties.Keys, Is.EquivalentTo(new[] { "type", "sourcepath", "linenumber", "code" }));
        Assert.That(parsed.Data, Is.EqualTo(HostileName));
    }

    [TestCase("task.x", "y")]
    [TestCase("task", "log issue")]
    [TestCase("task", "")]
    public void Constructor_NotAWord_Throws(string area, string action)
    {
        Assert.That(() => new LoggingCommand(area, action, [], "m"), Throws.ArgumentException);
    }

    [Test]
    public void Constructor_PropertyNameWithEquals_Throws()
    {
        Assert.That(() => new LoggingCommand("task", "logissue", [new("type=error;x", "y")], "m"), Throws.ArgumentException);
    }

    [Test]
    public void Equals_SameLine_IsEqual()
    {
        var first = LoggingCommand.SetVariable("a", "b");
        var second = new LoggingCommand("task", "setvariable", [new("variable", "a"), new("isoutput", "true")], "b");

        Assert.That(second, Is.EqualTo(first));
        Assert.That(LoggingCommand.SetVariable("a", "b") != LoggingCommand.SetVariable("a", "c"), Is.True);
    }
}
