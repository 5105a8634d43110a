using System.IO.Compression;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>Files built to exhaust a parser (depth, size, garbage) must end as a finding, never a crash or a pass.</summary>
public sealed class HostileStructureTests
{
    [TestCase("keras/deep-json.keras", "MOD001@config.json")]
    [TestCase("keras/bomb.keras", "MOD001@config.json")]
    [TestCase("tensorflow/attr-bomb/saved_model.pb", "MOD001@")]
    [TestCase("onnx/garbage/model.onnx", "MOD001@")]
    [TestCase("onnx/deep-subgraphs/model.onnx", "MOD001@")]
    [TestCase("gguf/nested-arrays.gguf", "MOD070@general.tags")]
    [TestCase("keras/duplicate-key.keras", "MOD001@config.json")]
    [TestCase("safetensors/duplicate-key.safetensors", "MOD065@header")]
    [TestCase("tensorflow/group/saved_model.pb", "MOD055@hidden")]
    public async Task Analyze_ParserExhaustion_FailsClosed(string fixture, string expected)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Analyze_ZipBomb_ReportsTheCap()
    {
        var finding = (await FormatScan.FixtureAsync("keras/bomb.keras")).Single();

        Assert.That(finding.Message, Does.Contain("larger than 67108864 bytes"));
    }

    [Test]
    public async Task Analyze_HugeControlCharacterLayerName_CapsWhatReachesTheFinding()
    {
        using var dir = new MLSecOps.TestKit.TempDirectory();
        var name = "evil\\u001b[2J" + new string('x', 20_000);
        await using (var stream = File.Create(Path.Combine(dir.Path, "m.keras")))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            await using var writer = new StreamWriter(zip.CreateEntry("config.json").Open());
            await writer.WriteAsync($"{{\"class_name\": \"Lambda\", \"config\": {{\"name\": \"{name}\"}}}}");
        }

        var finding = (await FormatScan.FileAsync(dir.Path, "m.keras")).Single();

        Assert.That(finding.Rule.Id, Is.EqualTo("MOD050"));
        Assert.That(finding.Evidence, Has.Length.EqualTo(301).And.StartsWith("evil [2J"));
        Assert.That(finding.Message, Has.Length.EqualTo(1001).And.Not.Contains("\u001b"));
    }
}
