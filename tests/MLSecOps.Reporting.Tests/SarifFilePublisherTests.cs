using MLSecOps.Reporting.Sarif;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class SarifFilePublisherTests
{
    [Test]
    public void PublishAsync_UnwritableFolder_NamesTheUsersFileNotTheTemporaryOne()
    {
        // Given a path whose folder is a file, so the temporary file cannot be created there
        using var temp = new TempDirectory();
        var blocker = temp.Write("out", "a file, not a folder");
        var path = Path.Combine(blocker, "report.sarif");
        var publisher = new SarifFilePublisher(path);

        // When
        var error = Assert.CatchAsync<IOException>(() => publisher.PublishAsync(SampleReports.Mixed(), CancellationToken.None))!;

        // Then the message names what the user asked for (or its folder), never the .tmp sibling
        Assert.That(error.Message, Does.Not.Contain(".tmp"));
        Assert.That(error.Message, Does.Contain(blocker));
    }

    [Test]
    public void PublishAsync_PathIsAFolder_NamesTheUsersPathNotTheTemporaryFile()
    {
        // Given a folder where the SARIF file should go: the report is written to a temporary sibling, then moved
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "report.sarif");
        Directory.CreateDirectory(path);

        // When
        var error = Assert.CatchAsync<IOException>(() => new SarifFilePublisher(path).PublishAsync(SampleReports.Mixed(), CancellationToken.None))!;

        // Then
        Assert.That(error.Message, Does.Contain(path));
        Assert.That(error.Message, Does.Not.Contain(".tmp"));
        Assert.That(Directory.GetFiles(temp.Path), Is.Empty, "the temporary file is removed");
    }
}
