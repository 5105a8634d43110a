using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Policy;

public sealed class PolicyLoaderTests
{
    private static readonly PolicyLoader s_loader = new([new TestGate()], PolicyRules.All);

    private static Core.Policy.Policy Parse(string yaml) => s_loader.Parse(new StringReader(yaml), ".mlsecops.yml");

    private static string ErrorOf(string yaml) => Assert.Throws<PolicyException>(() => Parse(yaml))!.Message;

    [Test]
    public void Parse_MisspelledTopLevelKey_NamesLineColumnAndSuggestion()
    {
        // Given a policy whose second key is misspelled
        const string yaml = "version: 1\nfial-on: high\n";

        // When / Then
        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:2:1: unknown key 'fial-on'; did you mean 'fail-on'?"));
    }

    [Test]
    public void Parse_MisspelledGateKey_SuggestsNearestGateKey()
    {
        const string yaml = "gates:\n  data-check:\n    pathz: [\"data/**\"]\n";
        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:3:5: unknown key 'pathz'; did you mean 'paths'?"));
    }

    [Test]
    public void Parse_UnknownGate_SuggestsGate()
    {
        const string yaml = "gates:\n  data-chek: {}\n";
        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:2:3: unknown key 'data-chek'; did you mean 'data-check'?"));
    }

    [Test]
    public void Parse_BadSeverity_ListsValidOnes()
    {
        Assert.That(ErrorOf("fail-on: severe\n"), Is.EqualTo(".mlsecops.yml:1:10: bad severity 'severe'; use one of critical, high, medium, low, info or none"));
    }

    [Test]
    public void Parse_WrongType_SaysWhatShapeIsExpected()
    {
        Assert.That(ErrorOf("gates:\n  data-check:\n    paths: data/**\n"), Is.EqualTo(".mlsecops.yml:3:12: 'paths' must be a list, such as [\"a\", \"b\"]"));
        Assert.That(ErrorOf("gates:\n  data-check:\n    enabled: maybe\n"), Is.EqualTo(".mlsecops.yml:3:14: 'enabled' must be true or false, not 'maybe'"));
    }

    [Test]
    public void Parse_BadGlob_PointsAtTheGlob()
    {
        Assert.That(ErrorOf("gates:\n  data-check:\n    paths: [\"data/**\", \"/abs/**\"]\n"), Does.StartWith(".mlsecops.yml:3:24: glob '/abs/**' is absolute"));
        Assert.That(ErrorOf("gates:\n  data-check:\n    exclude: [\"../x\"]\n"), Does.StartWith(".mlsecops.yml:3:15: glob '../x' leaves the scanned folder"));
    }

    [Test]
    public void Parse_WaiverWithoutReason_IsAnError()
    {
        const string yaml = "waivers:\n  - rule: DAT999\n    expires: 2027-01-01\n";
        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:2:5: waiver of DAT999 has no 'reason'; say why the risk is accepted"));
    }

    [Test]
    public void Parse_WaiverWithoutExpiry_IsAnError()
    {
        const string yaml = "waivers:\n  - rule: DAT999\n    reason: fine\n";
        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:2:5: waiver of DAT999 has no 'expires'; add a date such as 'expires: 2027-03-31'"));
    }

    [Test]
    public void Parse_WaiverBadDate_IsAnError()
    {
        const string yaml = "waivers:\n  - rule: DAT999\n    reason: fine\n    expires: 31/03/2027\n";
        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:4:14: bad date '31/03/2027'; write it as YYYY-MM-DD"));
    }

    [Test]
    public void Parse_UnknownRuleId_SuggestsNearest()
    {
        Assert.That(ErrorOf("rules:\n  DAT099: { severity: low }\n"), Does.StartWith(".mlsecops.yml:2:3: unknown rule 'DAT099'; did you mean 'DAT999'?"));
    }

    [Test]
    public void Parse_DuplicateRuleIds_IsAnError()
    {
        const string yaml = "rules:\n  DAT999: { severity: low }\n  DAT999: { enabled: false }\n";
        Assert.That(ErrorOf(yaml), Does.StartWith(".mlsecops.yml:3:3: invalid YAML: "));
    }

    [Test]
    public void Parse_ValidPolicy_ReadsEverySection()
    {
        // Given a complete policy
        const string yaml = """
            version: 1
            fail-on: medium
            gates:
              data-check:
                paths: ["data/**"]
                exclude: ["**/fixtures/**"]
                timeout-seconds: 30
                markers: [X, Y]
                allowed: { "mylib.layers": ["CustomDense"], "other": one }
                strict: true
            rules:
              DAT999: { severity: critical }
              DAT998: { enabled: false }
            waivers:
              - rule: DAT999
                paths: ["data/synthetic/**"]
                reason: synthetic data
                expires: 2027-03-31
                approved-by: security@example.com
            """;

        // When
        var policy = Parse(yaml);

        // Then
        var gate = policy.ForGate("data-check");
        Assert.Multiple(() =>
        {
            Assert.That(policy.FailOn, Is.EqualTo(Severity.Medium));
            Assert.That(gate.Paths, Is.EqualTo(new[] { "data/**" }));
            Assert.That(gate.Exclude, Is.EqualTo(new[] { "**/fixtures/**" }));
            Assert.That(gate.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(gate.Settings.GetList("markers"), Is.EqualTo(new[] { "X", "Y" }));
            Assert.That(gate.Settings.GetMap("allowed")["mylib.layers"], Is.EqualTo(new[] { "CustomDense" }));
            Assert.That(gate.Settings.GetMap("allowed")["other"], Is.EqualTo(new[] { "one" }));
            Assert.That(gate.Settings.GetBoolean("strict", false), Is.True);
            Assert.That(policy.Rules["DAT999"].Severity, Is.EqualTo(Severity.Critical));
            Assert.That(policy.Rules["DAT998"].Enabled, Is.False);
            Assert.That(policy.Waivers.Single(), Is.EqualTo(new Waiver("DAT999", ["data/synthetic/**"], "synthetic data", new DateOnly(2027, 3, 31), "security@example.com", 15)).Using<Waiver>(SameWaiver));
        });
    }

    [Test]
    public void Parse_DeeplyNestedFlowSequences_IsALocatedErrorNotAStackOverflow()
    {
        // 45,000 nested '[' (90 KB) overflow the stack of YamlDotNet's recursive representation model.
        var yaml = "version: 1\nrules: " + new string('[', 45_000) + new string(']', 45_000) + "\n";

        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:2:71: YAML nested deeper than 64 levels; a policy file is a few levels deep, is it the right file?"));
    }

    [Test]
    public void Parse_TooManyNodes_IsALocatedError()
    {
        var yaml = "version: 1\nrules: [" + string.Join(",", Enumerable.Repeat("a", 100_001)) + "]\n";

        Assert.That(ErrorOf(yaml), Does.StartWith(".mlsecops.yml:2:").And.Contains("more than 100000 YAML nodes"));
    }

    [Test]
    public void Parse_FailOnNone_MeansNothingBlocks()
    {
        Assert.That(Parse("version: 1\nfail-on: none\n").FailOn, Is.Null);
    }

    [Test]
    public void Parse_EmptyFile_IsAnErrorAtTheStart()
    {
        Assert.That(ErrorOf(""), Is.EqualTo(".mlsecops.yml:1:1: the policy file is empty; start it with 'version: 1' (or run 'mlsecops init')"));
        Assert.That(ErrorOf("# only a comment\n"), Does.StartWith(".mlsecops.yml:1:1: the policy file is empty"));
    }

    [Test]
    public void Parse_NoVersion_IsAnErrorAtTheMapping()
    {
        Assert.That(ErrorOf("# policy\nfail-on: high\n"), Is.EqualTo(".mlsecops.yml:2:1: no 'version'; add 'version: 1' as the first line so later releases read this file the same way"));
    }

    [Test]
    public void Parse_WithVersion_IsAccepted()
    {
        Assert.That(Parse("version: 1\nfail-on: high\n").FailOn, Is.EqualTo(Severity.High));
    }

    [Test]
    public void Parse_TabIndentOnLineThree_NamesLineThreeAndTheTabColumn()
    {
        // Given a tab that indents the key on line 3
        const string yaml = "version: 1\ngates:\n\tdata-check: {}\n";

        // When / Then the error points at the tab, not at 1:1 where the parser's mapping starts
        Assert.That(ErrorOf(yaml), Is.EqualTo(".mlsecops.yml:3:1: a tab indents this line; YAML indents with spaces only"));
    }

    [Test]
    public void Parse_TabInsideAValue_IsNotAnIndentationError()
    {
        Assert.That(ErrorOf("version: 1\nfail-on: \"hi\tgh\"\n"), Does.Contain("bad severity"));
    }

    [Test]
    public void Load_MissingFile_SaysHowToCreateIt()
    {
        var error = Assert.Throws<PolicyException>(() => s_loader.Load("/nonexistent/.mlsecops.yml", "x/.mlsecops.yml"))!;
        Assert.That(error.Message, Is.EqualTo("x/.mlsecops.yml: policy file not found; create it with 'mlsecops init' or pass --policy with an existing file"));
    }

    private static bool SameWaiver(Waiver a, Waiver b) =>
        a.Rule == b.Rule && a.Paths.SequenceEqual(b.Paths) && a.Reason == b.Reason && a.Expires == b.Expires && a.ApprovedBy == b.ApprovedBy && a.Line == b.Line;
}
