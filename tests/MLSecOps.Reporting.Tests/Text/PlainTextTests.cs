using MLSecOps.Reporting.Text;

namespace MLSecOps.Reporting.Tests.Text;

public sealed class PlainTextTests
{
    [Test]
    public void SingleLine_TerminalEscapesAndControlCharacters_NeverReachTheConsole()
    {
        // ESC [2K ESC [1A erases the line and moves up: a file name could rewrite what the log shows.
        var line = PlainText.SingleLine("a\u001b[2K\u001b[1Ab\u0000\u007f\u009b\u202e.pkl\n##vso[task.complete]");

        Assert.That(line, Is.EqualTo("a [2K [1Ab   \\u202E.pkl\\n## vso[task.complete]"));
        Assert.That(line.Any(char.IsControl), Is.False);
    }
}
