using MLSecOps.Formats.Locking;

namespace MLSecOps.Gates.ModelScan.Tests.Integrity;

/// <summary>The shared lock format: version 2 round trip, version 1 still read, unknown versions and bad lines refused.</summary>
public class LockDocumentTests
{
    private static readonly string Digest = new('a', 64);

    [Test]
    public void Parse_Version1_ReadsEveryEntryAsAModelWithoutSize()
    {
        var document = LockDocument.Parse($"# mlsecops model lock v1: sha256  repository-relative path\n\n{Digest}  models/x y.pt\r\n");

        Assert.That(document.Version, Is.EqualTo(1));
        Assert.That(document.Entries.Values, Is.EqualTo(new[] { new LockEntry("models/x y.pt", Digest, null, LockKind.Model) }));
    }

    [Test]
    public void Parse_NoHeader_IsVersion1()
    {
        Assert.That(LockDocument.Parse($"{Digest}  m.pt\n").Version, Is.EqualTo(1));
    }

    [Test]
    public void Format_ThenParse_RoundTripsModelsAndData()
    {
        LockEntry[] entries = [new("data/train.csv", Digest, 12, LockKind.Data), new("models/a b.pt", new string('b', 64), 7, LockKind.Model)];

        var document = LockDocument.Parse(LockDocument.Format(entries.Reverse()));

        Assert.That(document.Version, Is.EqualTo(LockDocument.CurrentVersion));
        Assert.That(document.OfKind(LockKind.Data), Is.EqualTo(new[] { entries[0] }));
        Assert.That(document.OfKind(LockKind.Model), Is.EqualTo(new[] { entries[1] }));
    }

    [TestCase("# mlsecops lock v3\n", "lock version 3 is newer")]
    [TestCase("# mlsecops lock v2\nabc  1  model  x\n", "line 2 is not")]
    [TestCase("# mlsecops lock v2\n{0}  12  weights  x\n", "line 2 is not")]
    [TestCase("# mlsecops lock v2\n{0}  -1  data  x\n", "line 2 is not")]
    [TestCase("# mlsecops lock v2\n{0}  models/x.pt\n", "line 2 is not")]
    [TestCase("{0}\n", "line 1 is not")]
    public void Parse_BadVersionOrLine_ThrowsNamingIt(string text, string message)
    {
        Assert.That(() => LockDocument.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, text, Digest)), Throws.InstanceOf<FormatException>().With.Message.Contains(message));
    }
}
