using MLSecOps.Core.Rules;
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
}
