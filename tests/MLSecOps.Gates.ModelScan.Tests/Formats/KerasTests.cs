using MLSecOps.Core.Rules;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class KerasTests
{
    [TestCase("keras/dense.keras")]
    [TestCase("keras/dense.h5")]
    public async Task Analyze_DenseModel_ReportsNothing(string fixture)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(findings, Is.Empty);
    }

    [TestCase("keras/lambda.keras", "MOD050@config.json/config.layers[1]")]
    [TestCase("keras/nested-lambda.keras", "MOD050@config.json/config.layers[1].config.layers[1]")]
    [TestCase("keras/lambda.h5", "MOD050@model_config/config.layers[1]")]
    [TestCase("keras/shadowed-config.keras", "MOD050@config.json/config.layers[1]")]
    [TestCase("keras/tfop-write-file.h5", "MOD053@model_config/config.layers[1]")]
    [TestCase("keras/module-os.keras", "MOD051@config.json/config.layers[0].config.activation")]
    [TestCase("keras/get-file.keras", "MOD053@config.json/config.layers[0].config.kernel_initializer.config")]
    [TestCase("keras/unsafe-toggle.keras", "MOD053@config.json/config.layers[0].config.activation.config")]
    [TestCase("keras/no-config.keras", "MOD001@config.json")]
    [TestCase("keras/broken.h5", "MOD001@")]
    public async Task Analyze_HostileModel_ReportsRuleAtLayer(string fixture, string expected)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Analyze_LambdaWithBytecode_SaysSoAndIsCritical()
    {
        var finding = (await FormatScan.FixtureAsync("keras/lambda.keras")).Single();

        Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
        Assert.That(finding.Message, Does.Contain("Lambda layer 'exec' stores marshalled Python bytecode (names: "));
        var names = finding.Message.Split("(names: ")[1].Split(')')[0].Split(", ");
        Assert.That(names, Is.EquivalentTo(new[] { "x", "__import__", "os", "system" }));
    }

    [Test]
    public async Task Analyze_CustomObject_ReportsModuleAndRegisteredName()
    {
        var findings = await FormatScan.FixtureAsync("keras/custom-object.keras");

        Assert.That(findings.Select(f => (f.Rule.Id, f.Location.LogicalPath, f.Evidence)), Is.EqualTo(new[]
        {
            ("MOD052", "config.json/config.layers[1]", "my_company.layers.Attention"),
            ("MOD052", "config.json/config.layers[1]", "MyCompany>Attention"),
        }));
    }

    [Test]
    public async Task Analyze_VariableLengthStringConfigs_InspectsModelAndTrainingConfig()
    {
        var findings = await FormatScan.FixtureAsync("keras/lambda-vlen.h5");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD050@model_config/config.layers[1]", "MOD051@training_config/loss" }));
    }

    [Test]
    public async Task Analyze_KerasMetadataProtobuf_FindsLambda()
    {
        var findings = await FormatScan.FixtureAsync("tensorflow/keras/keras_metadata.pb");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD050@root.layer-1" }));
    }

    [Test]
    public async Task Analyze_ConfigFailingItsCrc_ReportsNotAnalysed()
    {
        // Given nested-lambda.keras with one bit of config.json's compressed data flipped: it still inflates, to different text
        using var dir = new MLSecOps.TestKit.TempDirectory();
        var bytes = File.ReadAllBytes(Path.Combine(FormatScan.Root, "keras/nested-lambda.keras"));
        bytes[374] ^= 1 << 4;
        File.WriteAllBytes(Path.Combine(dir.Path, "model.keras"), bytes);

        // When it is analysed
        var findings = await FormatScan.FileAsync(dir.Path, "model.keras");

        // Then, as Python's zipfile refuses it (Bad CRC-32), it is reported as not analysed instead of read as a clean config
        Assert.That(findings.Select(f => (f.Rule.Id, f.Message.Contains("CRC-32", StringComparison.Ordinal))), Is.EqualTo(new[] { ("MOD001", true) }));
    }
}
