using MLSecOps.Core.Rules;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class ChatTemplateAndHuggingFaceTests
{
    [TestCase("tokenizer/benign/tokenizer_config.json")]
    [TestCase("tokenizer/jinja/chat_template.jinja")]
    [TestCase("webapp/templates/page.jinja")]
    [TestCase("hf/plain/config.json")]
    [TestCase("hf/sharded/model.safetensors.index.json")]
    [TestCase("hf/project/README.md")]
    [TestCase("hf/card-mit/README.md")]
    public async Task Analyze_BenignFile_ReportsNothing(string fixture)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(findings, Is.Empty);
    }

    [TestCase("tokenizer/injected/tokenizer_config.json", "MOD071@chat_template")]
    [TestCase("tokenizer/named/tokenizer_config.json", "MOD071@chat_template.tool_use")]
    [TestCase("tokenizer/include/chat_template.json", "MOD072@chat_template")]
    [TestCase("tokenizer/jinja-evil/chat_template.jinja", "MOD071@template")]
    [TestCase("tokenizer/jinja-evil/additional_chat_templates/rag.jinja", "MOD071@template")]
    [TestCase("hf/card-missing/README.md", "MOD086@license")]
    [TestCase("hf/card-no-front-matter/README.md", "MOD086@license")]
    public async Task Analyze_HostileFile_ReportsRuleAtKey(string fixture, string expected)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Analyze_AutoMapWithLocalFiles_ReportsEachCustomCodeFile()
    {
        var findings = await FormatScan.FixtureAsync("hf/custom-code/config.json");

        Assert.That(findings.Select(f => (f.Rule.Id, f.Location.LogicalPath, f.Location.StartLine, f.Evidence)), Is.EqualTo(new[]
        {
            ("MOD080", "auto_map.AutoConfig", 4, "configuration_custom.py"),
            ("MOD080", "auto_map.AutoModel", 5, "modeling_custom.py"),
        }));
    }

    [TestCase("tokenizer/injected/tokenizer_config.json", 2)]
    [TestCase("tokenizer/named/tokenizer_config.json", 9)]
    public async Task Analyze_InjectedTemplateInJson_PointsAtTheTemplateLine(string fixture, int line)
    {
        var finding = (await FormatScan.FixtureAsync(fixture)).Single();

        Assert.That(finding.Location.StartLine, Is.EqualTo(line));
    }

    [Test]
    public async Task Analyze_AutoMapToOtherRepoOrMissingFile_ReportsRemoteCode()
    {
        var findings = await FormatScan.FixtureAsync("hf/remote-code/config.json");

        Assert.That(findings.Select(f => (f.Rule.Id, f.Location.LogicalPath, f.Evidence)), Is.EqualTo(new[]
        {
            ("MOD081", "auto_map.AutoModel", "someone/other-repo--modeling.Model"),
            ("MOD081", "auto_map.AutoConfig", "configuration_missing.py"),
        }));
    }

    [Test]
    public async Task Analyze_LicenceNotAllowed_ReportsHighAtLicenceLine()
    {
        var settings = new ModelScanSettings { AllowedLicenses = ["mit", "apache-2.0"] };

        var finding = (await FormatScan.FixtureAsync("hf/card-llama/README.md", settings)).Single();

        Assert.That((finding.Rule.Id, finding.Severity, finding.Location.StartLine, finding.Evidence), Is.EqualTo(("MOD085", Severity.High, 4, "llama3")));
    }

    [Test]
    public async Task Analyze_AllowedLicence_ReportsNothing()
    {
        var settings = new ModelScanSettings { AllowedLicenses = ["mit"] };

        var findings = await FormatScan.FixtureAsync("hf/card-mit/README.md", settings);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task Analyze_ShardIndexEscapingOrMissing_ReportsEachShard()
    {
        var findings = await FormatScan.FixtureAsync("hf/sharded-evil/pytorch_model.bin.index.json");

        Assert.That(findings.Select(f => (f.Rule.Id, f.Location.LogicalPath, f.Location.StartLine, f.Evidence)), Is.EqualTo(new[]
        {
            ("MOD082", "weight_map.embed.weight", 6, "../../../../tmp/payload.bin"),
            ("MOD082", "weight_map.norm.weight", 7, "/etc/passwd"),
            ("MOD083", "weight_map.head.weight", 8, "pytorch_model-00002-of-00002.bin"),
        }));
    }
}
