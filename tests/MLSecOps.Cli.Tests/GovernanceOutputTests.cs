using System.Text.Json.Nodes;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>--bom and --compliance end to end, with the real gates, on a copy of examples/ml-repo in its own git-less folder.</summary>
public sealed class GovernanceOutputTests
{
    private TempDirectory _repo = null!;

    [SetUp]
    public void SetUp()
    {
        _repo = new TempDirectory();
        var source = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_repo.Path, "ml-repo", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        _repo.Write(".git/HEAD", "ref: refs/heads/main\n");
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    [Test]
    public async Task Scan_WithBom_WritesAValidStableBomOfEveryGate()
    {
        // When the example repository is scanned twice with --bom
        var first = await Scan("--bom", "out/first.cdx.json");
        var second = await Scan("--bom", "out/second.cdx.json");

        // Then both runs write the same bytes, valid CycloneDX 1.6
        Assert.That(first.ExitCode, Is.EqualTo(1), first.Error);
        var text = File.ReadAllText(Path.Combine(_repo.Path, "out", "first.cdx.json"));
        Assert.That(File.ReadAllText(Path.Combine(_repo.Path, "out", "second.cdx.json")), Is.EqualTo(text));
        Assert.That(CycloneDxSchema.Errors(text), Is.Empty);

        // And it holds the models, data sets and images of the example, with SHA-256 hashes of the files
        var bom = JsonNode.Parse(text)!;
        var types = bom["components"]!.AsArray().GroupBy(c => (string)c!["type"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(types["machine-learning-model"], Is.EqualTo(5));
        Assert.That(types["data"], Is.EqualTo(7));
        Assert.That(types["container"], Is.GreaterThanOrEqualTo(8));
        var pickle = bom["components"]!.AsArray().Single(c => (string)c!["bom-ref"]! == "model:ml-repo/models/legacy/classifier.pkl")!;
        Assert.That((string)pickle["hashes"]![0]!["alg"]!, Is.EqualTo("SHA-256"));
        Assert.That(bom["vulnerabilities"]!.AsArray().Any(v => (string)v!["id"]! == "MOD002" && (string)v["affects"]![0]!["ref"]! == "model:ml-repo/models/legacy/classifier.pkl"), Is.True);
        Assert.That(second.ExitCode, Is.EqualTo(1), second.Error);
    }

    [Test]
    public async Task Scan_ChangedDataFile_ChangesOnlyThatComponentsHash()
    {
        await Scan("--bom", "out/before.cdx.json");
        File.AppendAllText(Path.Combine(_repo.Path, "ml-repo", "data", "reviews.csv"), "an extra review,positive\n");
        await Scan("--bom", "out/after.cdx.json");

        var before = JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Path, "out", "before.cdx.json")))!["components"]!.AsArray();
        var after = JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Path, "out", "after.cdx.json")))!["components"]!.AsArray();

        var changed = before.Zip(after).Where(p => p.First!.ToJsonString() != p.Second!.ToJsonString()).Select(p => (string)p.First!["bom-ref"]!).ToList();
        Assert.That(after, Has.Count.EqualTo(before.Count));
        Assert.That(changed, Is.EqualTo(new[] { "data:ml-repo/data/reviews.csv" }));
    }

    [Test]
    public async Task GateVerb_WithBom_ListsOnlyWhatThatGateKnows()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, null, "deploy-audit", "ml-repo", "--platform", "none", "--bom", "out/deploy.cdx.json");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        var text = File.ReadAllText(Path.Combine(_repo.Path, "out", "deploy.cdx.json"));
        Assert.That(CycloneDxSchema.Errors(text), Is.Empty);
        Assert.That(JsonNode.Parse(text)!["components"]!.AsArray().Select(c => (string)c!["type"]!).Distinct().Order(), Is.EqualTo(new[] { "container" }));
    }

    [Test]
    public async Task Scan_WithCompliance_WritesMarkdownJsonAndTheSummarySection()
    {
        var markdown = await Scan("--compliance", "out/compliance.md", "--summary", "out/summary.md");
        var json = await Scan("--compliance", "out/compliance.json");
        var forced = await Scan("--compliance", "out/compliance.txt", "--compliance-format", "json");

        Assert.That(markdown.ExitCode, Is.EqualTo(1), markdown.Error);
        var report = File.ReadAllText(Path.Combine(_repo.Path, "out", "compliance.md"));
        Assert.That(report, Does.StartWith("# Compliance report\n"));
        Assert.That(report, Does.Contain("| LLM03 | Supply Chain | failed |"));
        Assert.That(report, Does.Contain("owner &#64;example/platform"));
        Assert.That(File.ReadAllText(Path.Combine(_repo.Path, "out", "summary.md")), Does.Contain("### Compliance"));
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Path, "out", "compliance.json")))!;
        Assert.That(document["frameworks"]!.AsArray().Select(f => (string)f!["key"]!), Is.EqualTo(new[] { "owasp-llm", "owasp-ml", "mitre-atlas", "nist-ai-rmf" }));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Path, "out", "compliance.txt"))), Is.Not.Null);
        Assert.That((json.ExitCode, forced.ExitCode), Is.EqualTo((1, 1)), json.Error + forced.Error);
    }

    [Test]
    public async Task Scan_ComplianceFormatUnknown_ExitsTwo()
    {
        var run = await Scan("--compliance", "out/c.md", "--compliance-format", "pdf");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Does.Not.Contain("\n"));
    }

    [Test]
    public async Task ComplianceDoc_IsFreshAgainstTheRealGates()
    {
        // docs/compliance.md is generated; this is the same check CI runs.
        var run = await CliRun.InvokeAsync(FixturePaths.RepositoryRoot, null, null, "rules", "--format", "compliance");

        Assert.That(run.Out, Is.EqualTo(File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "compliance.md"))));
    }

    private Task<CliRun> Scan(params string[] options) =>
        CliRun.InvokeAsync(_repo.Path, null, null, ["scan", "ml-repo", "--platform", "none", .. options]);
}
