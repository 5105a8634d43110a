using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class BenignControlTests
{
    private static readonly string[] Controls =
    [
        "keras/dense.keras", "keras/dense.h5", "keras/keras-hub.keras", "onnx/subfolder/model.onnx", "tensorflow/benign/saved_model.pb", "tensorflow/other/labels.pb", "onnx/benign/model.onnx", "onnx/benign/model.onnx.data",
        "safetensors/valid.safetensors", "gguf/chatml.gguf", "gguf/llama3.gguf", "tokenizer/benign/tokenizer_config.json",
        "tokenizer/jinja/chat_template.jinja", "hf/plain/config.json", "hf/sharded/model.safetensors.index.json", "hf/card-mit/README.md", "hf/project/README.md",
    ];

    [Test]
    public async Task Analyze_EveryBenignControl_RaisesNothingAtAnySeverity()
    {
        var findings = new List<Finding>();
        foreach (var control in Controls)
        {
            findings.AddRange(await FormatScan.FixtureAsync(control));
        }

        Assert.That(findings.Select(f => $"{f.Location.Path}: {f.Rule.Id} {f.Message}"), Is.Empty);
    }

    [Test]
    public void All_EveryAnalyzerRule_IsInTheFormatRangesOrMod001()
    {
        var ids = FormatAnalyzers.All.SelectMany(a => a.Rules).Select(r => r.Id).Distinct();

        Assert.That(ids, Has.All.Matches<string>(id => id == "MOD001" || (string.CompareOrdinal(id, "MOD050") >= 0 && string.CompareOrdinal(id, "MOD139") <= 0)
            || (string.CompareOrdinal(id, "MOD160") >= 0 && string.CompareOrdinal(id, "MOD179") <= 0)));
    }

    [Test]
    public void All_EveryFormatRule_IsDocumentedWithItsTitle()
    {
        var docs = File.ReadAllText(Path.Combine(MLSecOps.TestKit.FixturePaths.RepositoryRoot, "docs", "gates", "model-scan-formats.md"));
        var rules = FormatAnalyzers.All.SelectMany(a => a.Rules).Where(r => r.Id != "MOD001").DistinctBy(r => r.Id);

        Assert.That(rules.Select(r => $"### {r.Id} — {r.Title}").Where(h => !docs.Contains(h, StringComparison.Ordinal)), Is.Empty);
    }
}
