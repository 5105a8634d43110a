namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>torch7, TF1 MetaGraphDef and PaddlePaddle files (tests/fixtures/model-scan/named-formats, made by generate_named_format_fixtures.py) through the whole gate.</summary>
public sealed class NamedFormatTests
{
    [TestCase("named-formats/torch7/linear.t7")]
    [TestCase("named-formats/tf/model.ckpt.meta")]
    [TestCase("named-formats/tf/unity.meta")]
    [TestCase("named-formats/paddle/inference.pdmodel")]
    [TestCase("named-formats/paddle/model.pdparams")]
    [TestCase("named-formats/executorch/portable.pte")]
    public async Task Scan_OrdinaryFile_ReportsNothing(string fixture)
    {
        // Given an nn.Linear saved by torch7, a TF1 checkpoint graph with saver ops, a Unity .meta, a Paddle inference program, paddle.save weights, a portable ExecuTorch program
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then nothing is reported
        Assert.That(ModelScanFixture.Summary(findings), Is.Empty);
    }

    [TestCase("named-formats/torch7/function-field.t7", "MOD163 modules.1.updateOutput")]
    [TestCase("named-formats/torch7/foreign-class.t7", "MOD164 modules.2")]
    [TestCase("named-formats/torch7/truncated.t7", "MOD001")]
    [TestCase("named-formats/tf/pyfunc.ckpt.meta", "MOD055 hook", "MOD056 leak")]
    [TestCase("named-formats/paddle/py-func.pdmodel", "MOD165 blocks[0].ops[1]", "MOD165 blocks[0].ops[2]")]
    [TestCase("named-formats/paddle/evil.pdparams", "MOD002 @offset 2")]
    [TestCase("named-formats/executorch/custom.pte", "MOD166 forward.delegates[1]", "MOD166 forward.operators[1]")]
    [TestCase("named-formats/executorch/truncated.pte", "MOD001")]
    public async Task Scan_HostileOrBrokenFile_ReportsExactly(string fixture, params string[] expected)
    {
        // Given a Lua function in a module field, a foreign Lua class, a cut torch7 file, PyFunc/ReadFile in a .meta, py_func/save ops, a pickled os.system, custom kernels and backends, a cut .pte
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly these rules are reported, at these places
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Order(StringComparer.Ordinal)));
    }
}
