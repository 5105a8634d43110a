using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Formats.Gguf;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class GgufTests
{
    [TestCase("gguf/chatml.gguf")]
    [TestCase("gguf/llama3.gguf")]
    public async Task Analyze_BenignTemplates_ReportsNothing(string fixture)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(findings, Is.Empty);
    }

    [TestCase("gguf/ssti.gguf", "MOD071@tokenizer.chat_template")]
    [TestCase("gguf/attr-bypass.gguf", "MOD071@tokenizer.chat_template.rag")]
    [TestCase("gguf/lying-kv-count.gguf", "MOD070@header")]
    [TestCase("gguf/lying-string.gguf", "MOD070@general.name")]
    [TestCase("gguf/bad-version.gguf", "MOD070@header")]
    [TestCase("gguf/tensor-out-of-bounds.gguf", "MOD070@token_embd.weight")]
    public async Task Analyze_HostileFile_ReportsRuleAtLocation(string fixture, string expected)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Analyze_Cve202434359Payload_IsCriticalAndQuotesTheConstruct()
    {
        var finding = (await FormatScan.FixtureAsync("gguf/ssti.gguf")).Single();

        Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
        Assert.That(finding.Evidence, Is.EqualTo("__class__"));
    }

    [Test]
    public async Task Analyze_TruncatedHeader_ReportsTruncation()
    {
        using var dir = new MLSecOps.TestKit.TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(FormatScan.Root, "gguf/chatml.gguf"));
        dir.Write("cut.gguf", bytes[..250]);

        var findings = await FormatScan.FileAsync(dir.Path, "cut.gguf");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD070@tokenizer.chat_template" }));
    }

    [TestCase(441, 6)]
    [TestCase(447, 6)]
    [TestCase(455, 3)]
    public async Task Analyze_EscapeUnderADamagedTemplateKey_IsStillInspected(int offset, int bit)
    {
        // Given attr-bypass.gguf with one bit of the key 'tokenizer.chat_template.rag' flipped: the key no longer names a template
        using var dir = new MLSecOps.TestKit.TempDirectory();
        var bytes = File.ReadAllBytes(Path.Combine(FormatScan.Root, "gguf/attr-bypass.gguf"));
        bytes[offset] ^= (byte)(1 << bit);
        File.WriteAllBytes(Path.Combine(dir.Path, "model.gguf"), bytes);

        // When it is analysed
        var findings = await FormatScan.FileAsync(dir.Path, "model.gguf");

        // Then the Jinja-looking value is inspected all the same and its sandbox escape reported
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD071"));
    }

    [Test]
    public void Read_TemplatesBeyondTheTotal_AreSkippedUnreadAndTheFileIsIncomplete()
    {
        // Given a GGUF with 40 one-megabyte chat templates (300 of them made the CLI peak at 990 MB), the first one escaping the sandbox
        const int count = 40;
        var body = new string('x', GgufHeaderReader.MaxTemplateBytes - 32);
        using var stream = new MemoryStream(Gguf(Enumerable.Range(0, count).Select(i => (i == 0 ? "tokenizer.chat_template" : $"tokenizer.chat_template.t{i}", "{{ ''.__class__ }}" + body)).ToList()));

        // When the header is read
        var header = GgufHeaderReader.Read(stream);

        // Then no more than the total is held, the first templates are kept, and the rest is said not to be inspected
        Assert.That(header.ChatTemplates.Sum(t => (long)t.Template.Length), Is.LessThanOrEqualTo(16L * 1024 * 1024));
        Assert.That(header.ChatTemplates[0].Key, Is.EqualTo("tokenizer.chat_template"));
        Assert.That(header.ChatTemplates, Has.Count.GreaterThan(0).And.Count.LessThan(count));
        Assert.That(header.Incomplete, Does.Contain("were not inspected: the file holds more than 16 MiB of chat templates"));
        Assert.That(header.Problem, Is.Null);
    }

    [Test]
    public void Read_MoreTensorsThanTheCap_IsIncompleteInsteadOfHoldingEveryTensorInfo()
    {
        // Given a GGUF whose 1,048,577 tensor infos are real (24 bytes each: empty name, no dimensions, type f32, offset 0);
        // 8 million of them made the CLI peak at 620 MB
        const int count = (1 << 20) + 1;
        var bytes = new byte[24 + (24 * count)];
        "GGUF"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), 3u);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), (ulong)count);
        using var stream = new MemoryStream(bytes);

        // When the header is read
        var header = GgufHeaderReader.Read(stream);

        // Then it says the tensors were not checked
        Assert.That(header.Incomplete, Is.EqualTo($"the file declares {count} tensors; more than 1048576 are not checked"));
    }

    private static byte[] Gguf(IReadOnlyList<(string Key, string Value)> strings)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write(0UL);
        writer.Write((ulong)strings.Count);
        foreach (var (key, value) in strings)
        {
            WriteString(writer, key);
            writer.Write(8u);
            WriteString(writer, value);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
