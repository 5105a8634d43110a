using System.Text;
using MLSecOps.Gates.DeployAudit;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>The manifest text the gate audits is what <see cref="File.ReadAllText(string, Encoding)"/> with UTF-8 gave, whatever the bytes.</summary>
public sealed class TextFileReaderTests
{
    private const string Manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\u00e9-\u4e2d\u6587\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n      securityContext:\n        privileged: true\n";

    private static readonly byte[] s_utf8 = Encoding.UTF8.GetBytes(Manifest);

    public static IEnumerable<TestCaseData> Encodings()
    {
        yield return new TestCaseData(s_utf8).SetName("Read_PlainUtf8_MatchesReadAllText");
        yield return new TestCaseData((byte[])[0xEF, 0xBB, 0xBF, .. s_utf8]).SetName("Read_Utf8Bom_MatchesReadAllText");
        yield return new TestCaseData((byte[])[0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Manifest)]).SetName("Read_Utf16LittleEndianBom_MatchesReadAllText");
        yield return new TestCaseData((byte[])[0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Manifest)]).SetName("Read_Utf16BigEndianBom_MatchesReadAllText");
        yield return new TestCaseData((byte[])[0xFF, 0xFE, 0x00, 0x00, .. new UTF32Encoding(false, false).GetBytes(Manifest)]).SetName("Read_Utf32Bom_MatchesReadAllText");
        yield return new TestCaseData((byte[])[.. s_utf8[..40], 0xC3, 0x28, 0xF0, 0x9F, 0x98, .. s_utf8[40..], 0xE2, 0x82]).SetName("Read_InvalidAndTruncatedUtf8_MatchesReadAllText");
        yield return new TestCaseData(Array.Empty<byte>()).SetName("Read_EmptyFile_MatchesReadAllText");
        yield return new TestCaseData((byte[])[0xEF, 0xBB]).SetName("Read_HalfABom_MatchesReadAllText");
    }

    [TestCaseSource(nameof(Encodings))]
    public void Read_Bytes_GiveTheTextTheStreamReaderGave(byte[] bytes)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pod.yaml", bytes);

        var text = TextFileReader.Read(path, FileAuditor.MaxFileBytes, out var length);

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo(File.ReadAllText(path, Encoding.UTF8)));
            Assert.That(length, Is.EqualTo(bytes.Length));
        });
    }

    [Test]
    public void Read_ShortFileAfterALongOne_HoldsNothingOfTheLongOne()
    {
        // The byte buffer is kept for the thread's next file: only the new file's bytes may be decoded from it.
        using var dir = new TempDirectory();
        var longPath = dir.Write("long.yaml", "key: " + new string('x', 200_000) + "\n");
        var shortPath = dir.Write("short.yaml", "a: 1\n");

        var first = TextFileReader.Read(longPath, FileAuditor.MaxFileBytes, out _);
        var second = TextFileReader.Read(shortPath, FileAuditor.MaxFileBytes, out var length);

        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Length.EqualTo(200_006));
            Assert.That(second, Is.EqualTo("a: 1\n"));
            Assert.That(length, Is.EqualTo(5));
        });
    }

    [Test]
    public void Read_OverTheLimit_ReturnsNullWithTheLength()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("big.yaml", new string('a', 1001));

        var text = TextFileReader.Read(path, 1000, out var length);

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.Null);
            Assert.That(length, Is.EqualTo(1001));
        });
    }

    [TestCaseSource(nameof(Encodings))]
    public async Task RunAsync_ManifestInAnyEncoding_SameFindingsAsTheStreamReadersText(byte[] bytes)
    {
        using var encoded = new TempDirectory();
        var path = encoded.Write("pod.yaml", bytes);
        using var decoded = new TempDirectory();
        decoded.Write("pod.yaml", File.ReadAllText(path, Encoding.UTF8));

        var findings = await FindingsIn(encoded.Path);

        Assert.That(findings, Is.EqualTo(await FindingsIn(decoded.Path)));
    }

    private static async Task<IReadOnlyList<string>> FindingsIn(string folder) =>
        [.. (await GateHarness.RunAsync(new DeployAuditGate(), folder)).Select(f => $"{f.Rule.Id} {f.Location} {f.Message}")];
}
