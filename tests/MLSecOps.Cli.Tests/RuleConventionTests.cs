using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>Conventions every rule of every registered gate keeps, checked against the real composition root.</summary>
public sealed class RuleConventionTests
{
    private static readonly IReadOnlyDictionary<string, string> s_prefixes = new Dictionary<string, string>
    {
        ["design-review"] = "DES",
        ["data-check"] = "DAT",
        ["model-scan"] = "MOD",
        ["deploy-audit"] = "DEP",
    };

    private static IReadOnlyList<IGate> Gates { get; } =
        new CompositionRoot(new CliHost { Environment = new Dictionary<string, string>(), Out = TextWriter.Null, Error = TextWriter.Null, WorkingDirectory = "." }).Gates;

    private static IEnumerable<TestCaseData> GateRules() =>
        Gates.SelectMany(g => g.Rules.Select(r => new TestCaseData(g.Name, r).SetArgDisplayNames(r.Id)));

    private static IEnumerable<TestCaseData> AllRules() =>
        GateRules().Concat(PolicyRules.All.Select(r => new TestCaseData("policy", r).SetArgDisplayNames(r.Id)));

    [Test]
    public void Gates_CoverEveryStageOnce()
    {
        Assert.That(Gates.Select(g => g.Name), Is.EqualTo(new[] { "design-review", "data-check", "model-scan", "deploy-audit" }));
    }

    [Test]
    public void RuleIds_AreUniqueAcrossGates()
    {
        var duplicates = Gates.SelectMany(g => g.Rules).GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.That(duplicates, Is.Empty);
    }

    [TestCaseSource(nameof(GateRules))]
    public void Rule_IdPrefixMatchesItsGate(string gate, RuleDescriptor rule)
    {
        Assert.That(rule.Prefix, Is.EqualTo(s_prefixes[gate]));
    }

    [TestCaseSource(nameof(GateRules))]
    public void Rule_IsDocumentedOnItsGatePage(string gate, RuleDescriptor rule)
    {
        var docs = Directory.GetFiles(Path.Combine(FixturePaths.RepositoryRoot, "docs", "gates"), gate + "*.md");

        Assert.That(docs.Any(d => File.ReadAllText(d).Contains(rule.Id, StringComparison.Ordinal)), Is.True, $"{rule.Id} is not described in docs/gates/{gate}.md");
    }

    [TestCaseSource(nameof(GateRules))]
    public void Rule_IsExercisedByATestOrFixture(string gate, RuleDescriptor rule)
    {
        // A rule is exercised by a test that names it, or by a data-driven fixture folder or expectation file named for it.
        var tests = Directory.EnumerateFiles(Path.Combine(FixturePaths.RepositoryRoot, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));
        var fixtureFolder = Directory.Exists(FixturePaths.Of(Path.Combine(gate, rule.Id)));
        var expectations = Directory.EnumerateFiles(FixturePaths.Of(""), "expected*.json", SearchOption.AllDirectories);

        Assert.That(
            fixtureFolder
            || expectations.Any(f => File.ReadAllText(f).Contains($"\"{rule.Id}\"", StringComparison.Ordinal))
            || tests.Any(f => File.ReadAllText(f).Contains(rule.Id, StringComparison.Ordinal)),
            Is.True,
            $"no test, fixture folder or expectation file exercises {rule.Id}");
    }

    [TestCaseSource(nameof(AllRules))]
    public void Rule_HasAnExampleThatTriggersIt(string gate, RuleDescriptor rule)
    {
        // `mlsecops rules ID`, docs/rules.md and SARIF help show it; a sample says more than a description.
        Assert.That(rule.Example, Is.Not.Null.And.Not.Empty, $"{rule.Id} has no example: add `example: \"…\"` to its descriptor");
        Assert.That(rule.Example, Is.Not.EqualTo(rule.Description).And.Not.EqualTo(rule.HelpMarkdown));
    }

    [Test]
    public void RuleExamples_AreDistinct()
    {
        var shared = Gates.SelectMany(g => g.Rules).Concat(PolicyRules.All).GroupBy(r => r.Example).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(r => r.Id)));

        Assert.That(shared, Is.Empty, "each rule's example is specific to it");
    }

    [TestCaseSource(nameof(GateRules))]
    public void Rule_HelpAddressPointsAtItsCatalogueAnchor(string gate, RuleDescriptor rule)
    {
        Assert.That(rule.HelpUri.Fragment, Is.EqualTo("#" + rule.Id.ToLowerInvariant()));
    }
}
