using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Sarif;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class SarifReportWriterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(FixturePaths.Schema("sarif-2.1.0.json")));

    [Test]
    public void Write_MixedReport_MatchesGoldenFile()
    {
        Golden.AssertMatches("mixed.sarif", Normalise(SarifText(SampleReports.Mixed())));
    }

    [Test]
    public void Write_MixedReport_IsValidAgainstSarifSchema()
    {
        var result = Schema.Value.Evaluate(JsonNode.Parse(SarifText(SampleReports.Mixed())), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Details.Where(d => d.HasErrors).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Test]
    public void Write_EmptyReport_IsValidAndKeepsEmptyResults()
    {
        var report = Some.Report(Some.Gate("deploy-audit", "deploy", [], [SampleReports.ExpiredWaiver]));

        var sarif = Parse(report);

        Assert.That(sarif["runs"]![0]!["results"]!.AsArray(), Is.Empty);
        Assert.That(sarif["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(Schema.Value.Evaluate(sarif).IsValid, Is.True);
    }

    [Test]
    public void Write_GateWithoutRules_KeepsEmptyRulesArrayForGitHub()
    {
        var sarif = Parse(Some.Report(Some.Gate("design-review", "design", [], [])));

        Assert.That(sarif["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void Build_TwoGates_OneRunPerGateWithCategoryAndDriver()
    {
        var runs = Parse(SampleReports.Mixed())["runs"]!.AsArray();

        Assert.That(runs.Select(r => (string?)r!["automationDetails"]!["id"]), Is.EqualTo(new[] { "mlsecops/model-scan/", "mlsecops/data-check/" }));
        var driver = runs[0]!["tool"]!["driver"]!;
        Assert.That((string?)driver["name"], Is.EqualTo("MLSecOps Gates"));
        Assert.That((string?)driver["version"], Is.EqualTo("0.1.0"));
        Assert.That((string?)driver["semanticVersion"], Is.EqualTo("0.1.0"));
        Assert.That((string?)driver["informationUri"], Is.EqualTo("https://github.com/mlsecops-gates/mlsecops"));
    }

    [Test]
    public void Build_PolicyFindingInGate_AddsPolicyRuleOnceAfterGateRules()
    {
        var driver = Parse(SampleReports.Mixed())["runs"]![0]!["tool"]!["driver"]!;

        Assert.That(driver["rules"]!.AsArray().Select(r => (string?)r!["id"]), Is.EqualTo(new[] { "MOD001", "MOD002", "POL001" }));
        var policyResult = Parse(SampleReports.Mixed())["runs"]![0]!["results"]!.AsArray().Single(r => (string?)r!["ruleId"] == "POL001")!;
        Assert.That((int?)policyResult["ruleIndex"], Is.EqualTo(2));
    }

    [Test]
    public void Build_Rule_CarriesGitHubProperties()
    {
        var rule = Parse(SampleReports.Mixed())["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)rule["name"], Is.EqualTo("PickleImportsADangerousCallable"));
            Assert.That((string?)rule["shortDescription"]!["text"], Is.EqualTo("Pickle imports a dangerous callable"));
            Assert.That((string?)rule["fullDescription"]!["text"], Does.StartWith("The pickle stream imports"));
            Assert.That((string?)rule["help"]!["markdown"], Does.Contain("`safetensors`"));
            Assert.That((string?)rule["help"]!["text"], Is.Not.Empty);
            Assert.That((string?)rule["helpUri"], Is.EqualTo(RuleDescriptorFactory.HelpBase + "mod001"));
            Assert.That((string?)rule["defaultConfiguration"]!["level"], Is.EqualTo("error"));
            Assert.That((string?)rule["properties"]!["security-severity"], Is.EqualTo("9.5"));
            Assert.That((string?)rule["properties"]!["precision"], Is.EqualTo("very-high"));
            Assert.That(
                rule["properties"]!["tags"]!.AsArray().Select(t => (string?)t),
                Is.EqualTo(new[] { "security", "build", "malware-distribution", "unintended-system-interaction", "OWASP-ML06", "AML.T0010", "CWE-502" }));
        });
    }

    [Test]
    public void Build_RuleWithManyStandards_KeepsTwentyTags()
    {
        var standards = Enumerable.Range(1, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"CWE-{i}")).ToArray();
        var rule = Some.Rule("MOD010", standards: standards);
        var report = Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(rule))]));

        var tags = Parse(report)["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!["properties"]!["tags"]!.AsArray();

        Assert.That(tags, Has.Count.EqualTo(SarifLogBuilder.MaxTags));
        Assert.That((string?)tags[0], Is.EqualTo("security"));
    }

    [Test]
    public void Build_RuleWithExample_HelpEndsWithTheExample()
    {
        var rule = Some.Rule("MOD011", example: "A `model.pt` with `code/` members.");
        var report = Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(rule))]));

        var help = Parse(report)["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!["help"]!;

        Assert.That((string?)help["markdown"], Is.EqualTo("Fix the condition reported by `MOD011`.\n\n**Example that triggers it.** A `model.pt` with `code/` members."));
        Assert.That((string?)help["text"], Does.EndWith("\n\nExample that triggers it: A `model.pt` with `code/` members."));
    }

    [TestCase(Severity.Critical, "error", "9.5")]
    [TestCase(Severity.High, "error", "8.0")]
    [TestCase(Severity.Medium, "warning", "5.5")]
    [TestCase(Severity.Low, "note", "3.0")]
    [TestCase(Severity.Info, "note", null)]
    public void Build_EffectiveSeverity_SetsLevelAndSecuritySeverity(Severity severity, string level, string? score)
    {
        var rule = Some.Rule("MOD003", Severity.Medium);
        var report = Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(rule, severity: severity))]));

        var result = Parse(report)["runs"]![0]!["results"]![0]!;

        Assert.That((string?)result["level"], Is.EqualTo(level));
        Assert.That((string?)result["properties"]!["security-severity"], Is.EqualTo(score));
        Assert.That((string?)result["properties"]!["severity"], Is.EqualTo(severity.ToName()));
    }

    [Test]
    public void Build_PolicyRaisedSeverity_RuleCarriesTheMostSevereEffectiveSeverity()
    {
        var rule = Some.Rule("MOD004", Severity.Medium);
        var report = Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(rule, "a.pkl", severity: Severity.Critical)), Some.Evaluated(Some.Finding(rule, "b.pkl"))]));

        var descriptor = Parse(report)["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!;

        Assert.That((string?)descriptor["properties"]!["security-severity"], Is.EqualTo("9.5"));
        Assert.That((string?)descriptor["defaultConfiguration"]!["level"], Is.EqualTo("error"));
    }

    [Test]
    public void Build_InfoRule_HasNoSecuritySeverity()
    {
        var rule = Parse(SampleReports.Mixed())["runs"]![1]!["tool"]!["driver"]!["rules"]![1]!;

        Assert.That((string?)rule["id"], Is.EqualTo("DAT002"));
        Assert.That(rule["properties"]!.AsObject().ContainsKey("security-severity"), Is.False);
        Assert.That((string?)rule["defaultConfiguration"]!["level"], Is.EqualTo("note"));
    }

    [Test]
    public void Build_Result_HasRelativeLocationRegionAndLogicalPath()
    {
        var sarif = Parse(SampleReports.Mixed());
        var critical = sarif["runs"]![0]!["results"]![0]!;
        var secret = sarif["runs"]![1]!["results"]![0]!;

        var artifact = critical["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
        Assert.That((string?)artifact["uri"], Is.EqualTo("models/classifier.pkl"));
        Assert.That((string?)artifact["uriBaseId"], Is.EqualTo("%SRCROOT%"));
        Assert.That((string?)critical["locations"]![0]!["logicalLocations"]![0]!["fullyQualifiedName"], Is.EqualTo("archive/data.pkl"));
        var region = secret["locations"]![0]!["physicalLocation"]!["region"]!;
        Assert.That(new[] { (int?)region["startLine"], (int?)region["startColumn"], (int?)region["endLine"], (int?)region["endColumn"] }, Is.EqualTo(new int?[] { 42, 17, 42, 18 }));
        Assert.That((string?)sarif["runs"]![0]!["originalUriBaseIds"]!["%SRCROOT%"]!["uri"], Does.StartWith("file:///").And.EndWith("/"));
    }

    [Test]
    public void Build_PathWithSpecialCharacters_IsPercentEncoded()
    {
        var result = Parse(SampleReports.Mixed())["runs"]![0]!["results"]!.AsArray().Single(r => (string?)r!["ruleId"] == "MOD002")!;

        Assert.That((string?)result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"], Is.EqualTo("models/weird%20model%7Cv2.bin"));
    }

    [Test]
    public void Build_SameFingerprintTwice_NumbersOccurrences()
    {
        var rule = Some.Rule();
        var first = Some.Finding(rule, "a.pkl", 1, contentKey: "os.system");
        var second = Some.Finding(rule, "a.pkl", 9, contentKey: "os.system");
        var report = Some.Report(Some.Gate(findings: [Some.Evaluated(first), Some.Evaluated(second)]));

        var results = Parse(report)["runs"]![0]!["results"]!.AsArray();

        Assert.That(
            results.Select(r => (string?)r!["partialFingerprints"]!["primaryLocationLineHash"]),
            Is.EqualTo(new[] { first.Fingerprint + ":1", first.Fingerprint + ":2" }));
        Assert.That((string?)results[0]!["fingerprints"]!["mlsecops/v1"], Is.EqualTo(first.Fingerprint));
    }

    [Test]
    public void Build_FindingMovedToAnotherLine_KeepsFingerprint()
    {
        var rule = Some.Rule();
        var before = Parse(Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(rule, "a.py", 10, contentKey: "k"))])));
        var after = Parse(Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(rule, "a.py", 30, contentKey: "k"))])));

        Assert.That(
            (string?)after["runs"]![0]!["results"]![0]!["partialFingerprints"]!["primaryLocationLineHash"],
            Is.EqualTo((string?)before["runs"]![0]!["results"]![0]!["partialFingerprints"]!["primaryLocationLineHash"]));
    }

    [Test]
    public void Build_SuppressedFindings_AreResultsWithSuppressions()
    {
        var sarif = Parse(SampleReports.Mixed());
        var waived = sarif["runs"]![0]!["results"]!.AsArray().Single(r => (string?)r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"] == "models/legacy.pkl")!;
        var inline = sarif["runs"]![1]!["results"]!.AsArray().Single(r => r!["suppressions"] is not null)!;

        Assert.That((string?)waived["suppressions"]![0]!["kind"], Is.EqualTo("external"));
        Assert.That((string?)waived["suppressions"]![0]!["status"], Is.EqualTo("accepted"));
        Assert.That((string?)waived["suppressions"]![0]!["justification"], Is.EqualTo("Legacy model, replaced in Q3 (JIRA-123)."));
        Assert.That((string?)waived["properties"]!["suppressionSource"], Is.EqualTo("waiver"));
        Assert.That((bool?)waived["properties"]!["blocking"], Is.False);
        Assert.That((string?)inline["suppressions"]![0]!["kind"], Is.EqualTo("inSource"));
    }

    [Test]
    public void Build_MaskedEvidence_StaysMasked()
    {
        var text = SarifText(SampleReports.Mixed());

        Assert.That(text, Does.Not.Contain(SampleReports.RawSecret));
        Assert.That(text, Does.Contain("AKIA********"));
    }

    [Test]
    public void Write_MoreResultsThanTheCap_KeepsTheMostSevereAndCountsTheRest()
    {
        var rule = Some.Rule();
        var findings = Enumerable.Range(0, 5).Select(i => Some.Evaluated(Some.Finding(rule, $"m{i}.pkl", severity: i == 4 ? Severity.Critical : Severity.Low)));
        using var writer = new StringWriter();

        SarifReportWriter.Write(Some.Report(Some.Gate(findings: findings)), writer, maxResultsPerRun: 2);

        var run = JsonNode.Parse(writer.ToString())!["runs"]![0]!;
        Assert.That(run["results"]!.AsArray().Select(r => (string?)r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]), Is.EqualTo(new[] { "m4.pkl", "m0.pkl" }));
        Assert.That((int?)run["properties"]!["omittedResults"], Is.EqualTo(3));
    }

    [Test]
    public void Write_FiftyThousandFindings_CapsAtGitHubLimitAndStaysValid()
    {
        var report = SampleReports.Many(50_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var text = SarifText(report);

        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        TestContext.Out.WriteLine($"SARIF of 50,000 findings (25,000 kept) in {watch.ElapsedMilliseconds} ms, {text.Length} chars, {allocated / (1024 * 1024)} MiB allocated");
        var run = JsonNode.Parse(text)!["runs"]![0]!;
        Assert.That(run["results"]!.AsArray(), Has.Count.EqualTo(SarifLogBuilder.MaxResultsPerRun));
        Assert.That((int?)run["properties"]!["omittedResults"], Is.EqualTo(25_000));
    }

    [Test]
    public async Task PublishAsync_NewFolder_WritesTheSameLogAsTheWriter()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "out", "mlsecops.sarif");
        var publisher = new SarifFilePublisher(path);

        await publisher.PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(publisher.IsRequired, Is.True);
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(SarifText(SampleReports.Mixed())));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1));
    }

    internal static string SarifText(ScanReport report)
    {
        using var stream = new MemoryStream();
        SarifReportWriter.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonNode Parse(ScanReport report) => JsonNode.Parse(SarifText(report))!;

    private static string Normalise(string sarif)
    {
        var root = new Uri(Path.GetFullPath("/repo") + Path.DirectorySeparatorChar).AbsoluteUri;
        return sarif.Replace(root, "file:///repo/", StringComparison.Ordinal);
    }
}
