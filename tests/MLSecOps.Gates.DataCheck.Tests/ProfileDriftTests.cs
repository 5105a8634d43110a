using System.Text.Json;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests;

/// <summary>The approved profile (<c>WriteProfileAsync</c>) and the drift rules DAT050-DAT053 over tests/fixtures/data-check/profile.</summary>
public sealed class ProfileDriftTests
{
    private const string DataPath = "data/train.csv";
    private const string ProfilePath = ".mlsecops/data-profile.json";

    [Test]
    public async Task WriteProfile_RecordsRowsSchemaNullsLabelsAndGroups()
    {
        // Given a repository holding the approved labelled table
        using var repo = Repository("approved.csv");

        // When its profile is written
        var (count, path) = await WriteProfileAsync(repo.Path);

        // Then the file holds the rows, schema, labels and per-group label counts, ages bucketed by decade
        using var profile = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var data = profile.RootElement.GetProperty("datasets").GetProperty(DataPath);
        Assert.That(count, Is.EqualTo(1));
        Assert.That(path, Is.EqualTo(Path.Combine(repo.Path, ".mlsecops", "data-profile.json")));
        Assert.That(profile.RootElement.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(data.GetProperty("rows").GetInt64(), Is.EqualTo(200));
        Assert.That(data.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("type").GetString()}:{c.GetProperty("null-rate").GetDouble()}"), Is.EqualTo(new[] { "id:integer:0", "text:string:0", "gender:string:0", "age:integer:0", "label:integer:0" }));
        Assert.That(data.GetProperty("label-column").GetString(), Is.EqualTo("label"));
        Assert.That(data.GetProperty("labels").GetRawText().Replace(" ", "", StringComparison.Ordinal).ReplaceLineEndings(""), Is.EqualTo("{\"0\":100,\"1\":100}"));
        var groups = data.GetProperty("groups");
        Assert.That(groups.EnumerateObject().Select(g => g.Name), Is.EqualTo(new[] { "age", "gender" }));
        Assert.That(groups.GetProperty("gender").GetProperty("f").GetProperty("rows").GetInt64(), Is.EqualTo(100));
        Assert.That(groups.GetProperty("gender").GetProperty("f").GetProperty("labels").GetProperty("1").GetInt64(), Is.EqualTo(50));
        Assert.That(groups.GetProperty("age").EnumerateObject().Select(g => g.Name), Is.EqualTo(new[] { "20-29", "30-39", "40-49", "50-59", "60-69" }));
    }

    [Test]
    public async Task WriteProfile_LabelledJsonLines_ProfilesTheTopLevelFields()
    {
        using var repo = new TempDirectory();
        repo.Copy(Path.Combine(DataCheckFixture.Root, "poisoning", "clean.pass.jsonl"), "data/train.jsonl");

        var (_, path) = await WriteProfileAsync(repo.Path);

        using var profile = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var data = profile.RootElement.GetProperty("datasets").GetProperty("data/train.jsonl");
        Assert.That(data.GetProperty("rows").GetInt64(), Is.EqualTo(400));
        Assert.That(data.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("type").GetString()}"), Is.EqualTo(new[] { "id:integer", "text:string", "label:integer", "meta:empty" }));
        Assert.That(data.GetProperty("labels").GetProperty("1").GetInt64(), Is.EqualTo(200));
    }

    [Test]
    public async Task WriteProfile_Twice_WritesTheSameBytes()
    {
        using var repo = Repository("approved.csv");
        repo.Copy(Fixture("rows.csv"), "data/more.csv");

        var (_, path) = await WriteProfileAsync(repo.Path);
        var first = await File.ReadAllBytesAsync(path);
        await WriteProfileAsync(repo.Path);

        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(first));
        Assert.That(JsonDocument.Parse(first).RootElement.GetProperty("datasets").EnumerateObject().Select(d => d.Name), Is.EqualTo(new[] { "data/more.csv", DataPath }));
    }

    [Test]
    public async Task Unchanged_AgainstItsProfile_RaisesNoDrift()
    {
        using var repo = Repository("approved.csv");
        await WriteProfileAsync(repo.Path);

        var findings = await ScanAsync(repo.Path);

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task SmallShift_WithinSamplingNoise_RaisesNoDrift()
    {
        // Given a 90-row approved table (40 positive) and a same-sized one whose positive share moves 11 points (30 positive):
        // over the 10-point threshold, but within three standard errors (about 22 points at this size)
        using var repo = new TempDirectory();
        var path = Path.Combine(repo.Path, DataPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Table(90, 40));
        await WriteProfileAsync(repo.Path);
        await File.WriteAllTextAsync(path, Table(90, 30));

        var findings = await ScanAsync(repo.Path);

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
    }

    private static string Table(int rows, int positive) =>
        "id,text,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},review {i},{(i < positive ? 1 : 0)}\n"));

    [TestCase("schema.csv", new[] { "DAT050" }, "column `source` added (string); column `age` changed from integer to string")]
    [TestCase("rows.csv", new[] { "DAT051" }, "400 records against 200 in the approved profile (+200 records, 100%; `max-row-change-percent` is 50)")]
    [TestCase("labels.csv", new[] { "DAT052", "DAT053" }, "Label `0` (column `label`) is 75.0% of labelled records against 50.0% in the approved profile (+25.0 points")]
    [TestCase("groups.csv", new[] { "DAT053" }, "In group `gender` = `f` the rate of label `0` is 100.0% of 100 records against 50.0% of 100 in the approved profile (+50.0 points; `max-group-shift-percent` is 10)")]
    public async Task Variant_AgainstTheApprovedProfile_RaisesItsDriftRuleWithTheNumbers(string variant, string[] rules, string message)
    {
        // Given the approved table's profile, and then a changed table in its place
        using var repo = Repository("approved.csv");
        await WriteProfileAsync(repo.Path);
        repo.Copy(Fixture(variant), DataPath);

        // When the gate runs
        var findings = await ScanAsync(repo.Path);

        // Then exactly the drift rules fire, located at the data set, the numbers in the message
        Assert.That(findings.Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(rules), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings.Select(f => f.Location.Path).Distinct(), Is.EqualTo(new[] { DataPath }));
        Assert.That(findings.Select(f => f.Message), Has.Some.Contains(message));
    }

    [Test]
    public async Task GroupShift_UnderAConfiguredThreshold_IsQuiet()
    {
        using var repo = Repository("approved.csv");
        await WriteProfileAsync(repo.Path);
        repo.Copy(Fixture("groups.csv"), DataPath);

        var findings = await ScanAsync(repo.Path, GateHarness.Settings(("max-group-shift-percent", 60)));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task SensitiveColumns_Configured_ProfilesOnlyThoseGroups()
    {
        using var repo = Repository("approved.csv");

        var (_, path) = await WriteProfileAsync(repo.Path, GateHarness.Settings(("sensitive-columns", new List<string> { "Age" }), ("baseline-profile", "profiles/data.json")));

        using var profile = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Assert.That(path, Is.EqualTo(Path.Combine(repo.Path, "profiles", "data.json")));
        Assert.That(profile.RootElement.GetProperty("datasets").GetProperty(DataPath).GetProperty("groups").EnumerateObject().Select(g => g.Name), Is.EqualTo(new[] { "age" }));
    }

    [Test]
    public async Task BrokenProfile_IsAnIncompleteScanNamingIt()
    {
        using var repo = Repository("approved.csv");
        repo.Write(ProfilePath, "{\"version\": 1, \"datasets\": {\"data/train.csv\": {\"rows\": \"many\"}}}");

        var findings = await ScanAsync(repo.Path);

        var finding = findings.Single();
        Assert.That(finding.Rule.Id, Is.EqualTo("DAT001"));
        Assert.That(finding.Location.Path, Is.EqualTo(ProfilePath));
        Assert.That(finding.Message, Does.Contain("the approved profile cannot be read"));
    }

    [Test]
    public void WriteProfile_PathLeavingTheRepository_IsAPolicyError()
    {
        using var repo = Repository("approved.csv");

        var error = Assert.ThrowsAsync<MLSecOps.Core.Policy.PolicyException>(() => WriteProfileAsync(repo.Path, GateHarness.Settings(("baseline-profile", "../outside.json"))));

        Assert.That(error!.Message, Does.Contain("gates.data-check.baseline-profile '../outside.json' leaves the repository"));
    }

    private static string Fixture(string name) => Path.Combine(DataCheckFixture.Root, "profile", name);

    private static TempDirectory Repository(string table)
    {
        var repo = new TempDirectory();
        repo.Copy(Fixture(table), DataPath);
        return repo;
    }

    private static IReadOnlyList<ScanFile> DataFiles(string root) =>
        [.. Directory.EnumerateFiles(Path.Combine(root, "data")).Order(StringComparer.Ordinal).Select(f => new ScanFile(f, Path.GetRelativePath(root, f).Replace('\\', '/'), new FileInfo(f).Length))];

    private static Task<(int Count, string Path)> WriteProfileAsync(string root, GateSettings? settings = null) =>
        new DataCheckGate().WriteProfileAsync(new GateContext { RepositoryRoot = root, Files = DataFiles(root), Settings = settings ?? GateSettings.Empty }, CancellationToken.None);

    private static Task<IReadOnlyList<Finding>> ScanAsync(string root, GateSettings? settings = null) =>
        GateHarness.RunAsync(new DataCheckGate(), root, DataFiles(root), settings);
}
