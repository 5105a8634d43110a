using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class OnnxTests
{
    [TestCase("onnx/benign/model.onnx")]
    [TestCase("onnx/subfolder/model.onnx")]
    public async Task Analyze_ValidExternalData_ReportsNothing(string fixture)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(findings, Is.Empty);
    }

    [TestCase("onnx/traversal/model.onnx", "MOD060@graph/initializer/W")]
    [TestCase("onnx/nested-traversal/model.onnx", "MOD060@graph/cond/then_branch/initializer/T")]
    [TestCase("onnx/missing/model.onnx", "MOD061@graph/initializer/W")]
    [TestCase("onnx/custom-domain/model.onnx", "MOD062@opset_import")]
    [TestCase("onnx/truncated/model.onnx", "MOD001@")]
    [TestCase("onnx/undefined-input/model.onnx", "MOD001@")]
    public async Task Analyze_HostileModel_ReportsRuleAtTensor(string fixture, string expected)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Analyze_AbsolutePathAndUrl_ReportsBoth()
    {
        var findings = await FormatScan.FixtureAsync("onnx/absolute/model.onnx");

        Assert.That(findings.Select(f => (f.Rule.Id, f.Evidence)), Is.EqualTo(new[]
        {
            ("MOD060", "/etc/passwd"),
            ("MOD060", "https://attacker.example/w.bin"),
        }));
    }

    [Test]
    public async Task Analyze_PythonOperator_ReportsDomainAndOperator()
    {
        var findings = await FormatScan.FixtureAsync("onnx/python-op/model.onnx");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD062@opset_import", "MOD063@graph/py" }));
    }

    [Test]
    public async Task Analyze_ExternalDataLinkOutsideFolder_ReportsEscape()
    {
        using var outside = new MLSecOps.TestKit.TempDirectory();
        using var dir = new MLSecOps.TestKit.TempDirectory();
        dir.Copy(Path.Combine(FormatScan.Root, "onnx/benign/model.onnx"), "model.onnx");
        var secret = outside.Write("secret.bin", "secret");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "model.onnx.data"), secret);

        var findings = await FormatScan.FileAsync(dir.Path, "model.onnx");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD060@graph/initializer/W" }));
    }

    [Test]
    public async Task Analyze_ExternalDataFolderLinkOutside_ReportsEscape()
    {
        using var outside = new MLSecOps.TestKit.TempDirectory();
        using var dir = new MLSecOps.TestKit.TempDirectory();
        dir.Copy(Path.Combine(FormatScan.Root, "onnx/subfolder/model.onnx"), "model.onnx");
        outside.Write("model.onnx.data", "secret");
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "data"), outside.Path);

        var findings = await FormatScan.FileAsync(dir.Path, "model.onnx");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD060@graph/initializer/W" }));
    }

    [Test]
    public async Task Analyze_CutAtAFieldBoundaryBeforeTheGraph_ReportsNotAnalysed()
    {
        // Given python-op/model.onnx cut to 15 bytes: ir_version, producer and opset_import, well-formed protobuf without a graph
        using var dir = new MLSecOps.TestKit.TempDirectory();
        File.WriteAllBytes(Path.Combine(dir.Path, "model.onnx"), File.ReadAllBytes(Path.Combine(FormatScan.Root, "onnx/python-op/model.onnx"))[..15]);

        // When it is analysed
        var findings = await FormatScan.FileAsync(dir.Path, "model.onnx");

        // Then it is reported as not analysed: ONNX loads no model without a graph
        Assert.That(findings.Select(f => (f.Rule.Id, f.Message.Contains("no graph", StringComparison.Ordinal))), Has.Member(("MOD001", true)));
    }
}
