using MLSecOps.GitHub.Workflow;

namespace MLSecOps.GitHub.Tests.Workflow;

public sealed class WorkflowCommandTests
{
    [Test]
    public void ToString_ErrorWithAllProperties_WritesGitHubSyntax()
    {
        var command = WorkflowCommand.Error("Pickle imports os.system", new AnnotationProperties("models/a.pkl", 3, 4, 5, 9, "MOD001: Dangerous global"));

        Assert.That(command.ToString(), Is.EqualTo("::error file=models/a.pkl,line=3,endLine=4,col=5,endColumn=9,title=MOD001%3A Dangerous global::Pickle imports os.system"));
    }

    [Test]
    public void ToString_FileNameWithEscapedNewlineAndCommand_CannotInject()
    {
        // A file literally named "a%0A::error::x.pkl" and a message with a real newline followed by "::".
        var command = WorkflowCommand.Warning("bad\n::error::owned\r\n%0A", new AnnotationProperties(File: "a%0A::error::x.pkl", Title: "t,1"));

        var line = command.ToString();

        Assert.That(line, Is.EqualTo("::warning file=a%250A%3A%3Aerror%3A%3Ax.pkl,title=t%2C1::bad%0A::error::owned%0D%0A%250A"));
        Assert.That(line, Does.Not.Contain("\n").And.Not.Contain("\r"));
    }

    [Test]
    public void ToString_ControlCharactersFromScannedContent_AreVisibleNotRaw()
    {
        // A pickle global or file name carrying ESC (terminal sequences), NUL, DEL, a C1 control, a bidi override and U+2028.
        const string hostile = "os.\u001b[2K\u001b[1Asystem\u0000\u007f\u009b\u202e\u2028.pkl";

        var line = WorkflowCommand.Error(hostile, new AnnotationProperties(File: hostile)).ToString();

        Assert.That(line, Is.EqualTo(
            "::error file=os.\\u001B[2K\\u001B[1Asystem\\u0000\\u007F\\u009B\\u202E\\u2028.pkl::"
            + "os.\\u001B[2K\\u001B[1Asystem\\u0000\\u007F\\u009B\\u202E\\u2028.pkl"));
        Assert.That(line.Any(c => char.IsControl(c)), Is.False);
    }

    [Test]
    public void ToString_AddMaskGroupAndNotice_HaveNoProperties()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WorkflowCommand.AddMask("s3cr%t").ToString(), Is.EqualTo("::add-mask::s3cr%25t"));
            Assert.That(WorkflowCommand.Group("model-scan").ToString(), Is.EqualTo("::group::model-scan"));
            Assert.That(WorkflowCommand.EndGroup().ToString(), Is.EqualTo("::endgroup::"));
            Assert.That(WorkflowCommand.Notice("n").ToString(), Is.EqualTo("::notice::n"));
            Assert.That(default(WorkflowCommand).ToString(), Is.EqualTo("::::"));
        });
    }

    [Test]
    public void EscapeProperty_ColonAndComma_AreEncoded()
    {
        Assert.That(WorkflowCommand.EscapeProperty("a:b,c%d"), Is.EqualTo("a%3Ab%2Cc%25d"));
    }

    [Test]
    public void StopAndResumeCommands_Token_WrapsUntrustedOutput()
    {
        Assert.That(WorkflowCommand.StopCommands("5f1c0d2e").ToString(), Is.EqualTo("::stop-commands::5f1c0d2e"));
        Assert.That(WorkflowCommand.ResumeCommands("5f1c0d2e").ToString(), Is.EqualTo("::5f1c0d2e::"));
        Assert.That(() => WorkflowCommand.StopCommands(" "), Throws.ArgumentException);
    }
}
