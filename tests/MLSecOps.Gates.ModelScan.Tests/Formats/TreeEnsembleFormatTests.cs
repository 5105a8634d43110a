using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>
/// XGBoost, LightGBM, CatBoost and MXNet files (tests/fixtures/model-scan/tree-ensembles, made by generate_tree_ensemble_fixtures.py:
/// XGBoost 1.7 and LightGBM 4.7 save them, CatBoost and MXNet files follow the formats' definitions) through the whole gate.
/// </summary>
public sealed class TreeEnsembleFormatTests
{
    [TestCase("tree-ensembles/xgboost/model.json")]
    [TestCase("tree-ensembles/xgboost/model.ubj")]
    [TestCase("tree-ensembles/xgboost/model.bst")]
    [TestCase("tree-ensembles/xgboost/headless.model")]
    [TestCase("tree-ensembles/xgboost/dart.json")]
    [TestCase("tree-ensembles/xgboost/linear.bst")]
    [TestCase("tree-ensembles/lightgbm/model.txt")]
    [TestCase("tree-ensembles/catboost/model.cbm")]
    [TestCase("tree-ensembles/mxnet/model-symbol.json")]
    [TestCase("tree-ensembles/mxnet/model-0000.params")]
    public async Task Scan_ModelSavedByItsLibrary_ReportsNothing(string fixture)
    {
        // Given a model as XGBoost (JSON, UBJSON, binary, headless binary, dart, gblinear), LightGBM, CatBoost or MXNet saves it
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then nothing is reported: the validator read the whole file, and these formats carry no code
        Assert.That(ModelScanFixture.Summary(findings), Is.Empty);
    }

    [TestCase("tree-ensembles/lookalikes/versioned.json")]
    [TestCase("tree-ensembles/lookalikes/graph.json")]
    [TestCase("tree-ensembles/lookalikes/plain.bst")]
    [TestCase("tree-ensembles/lookalikes/notes.txt")]
    public async Task Scan_LookAlikeOfTheseFormats_ReportsNothing(string fixture)
    {
        // Given JSON whose first key is `version` or `nodes`, a BibTeX `.bst`, notes that start with `tree`
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then no validator claims it, so nothing is reported
        Assert.That(ModelScanFixture.Summary(findings), Is.Empty);
    }

    [TestCase("tree-ensembles/xgboost/code-attribute.json", "MOD170 learner.attributes.note", Severity.Medium)]
    [TestCase("tree-ensembles/xgboost/unknown-objective.json", "MOD167 learner.objective.name", Severity.Medium)]
    [TestCase("tree-ensembles/xgboost/loop.json", "MOD168 learner.gradient_booster.model.trees[0]", Severity.High)]
    [TestCase("tree-ensembles/xgboost/node-bomb.bst", "MOD168 trees[0].num_nodes", Severity.High)]
    [TestCase("tree-ensembles/xgboost/truncated.json", "MOD001", Severity.Medium)]
    [TestCase("tree-ensembles/xgboost/truncated.ubj", "MOD001", Severity.Medium)]
    [TestCase("tree-ensembles/xgboost/evil.bst", "MOD002 @offset 2", Severity.Critical)]
    [TestCase("tree-ensembles/lightgbm/code-feature.txt", "MOD170 feature_names", Severity.Medium)]
    [TestCase("tree-ensembles/lightgbm/loop.txt", "MOD168 Tree=0", Severity.High)]
    [TestCase("tree-ensembles/lightgbm/unknown-objective.txt", "MOD167 objective", Severity.Medium)]
    [TestCase("tree-ensembles/lightgbm/truncated.txt", "MOD001", Severity.Medium)]
    [TestCase("tree-ensembles/lightgbm/corrupt.lgb", "MOD001", Severity.Medium)]
    [TestCase("tree-ensembles/catboost/ctr-parts.cbm", "MOD001", Severity.Info)]
    [TestCase("tree-ensembles/catboost/user-loss.cbm", "MOD167 InfoMap.params", Severity.Low)]
    [TestCase("tree-ensembles/catboost/code-info.cbm", "MOD170 InfoMap.training", Severity.Medium)]
    [TestCase("tree-ensembles/catboost/depth-lie.cbm", "MOD001", Severity.Medium)]
    [TestCase("tree-ensembles/catboost/truncated.cbm", "MOD001", Severity.Medium)]
    [TestCase("tree-ensembles/mxnet/custom-symbol.json", "MOD169 nodes[4]", Severity.Medium)]
    [TestCase("tree-ensembles/mxnet/library-symbol.json", "MOD169 nodes[3].attrs.lib_path", Severity.Medium)]
    [TestCase("tree-ensembles/mxnet/payload-symbol.json", "MOD170 attrs.metadata", Severity.Medium)]
    [TestCase("tree-ensembles/mxnet/loop-symbol.json", "MOD001", Severity.Medium)]
    [TestCase("tree-ensembles/mxnet/bomb-0000.params", "MOD168 arrays[0]", Severity.High)]
    [TestCase("tree-ensembles/mxnet/truncated-0000.params", "MOD001", Severity.Medium)]
    public async Task Scan_HostileOrBrokenFile_ReportsExactlyAtItsSeverity(string fixture, string expected, Severity severity)
    {
        // Given code in a string, an unknown objective, a tree that loops, a count the file cannot hold, a pickle under an XGBoost name,
        // a Custom MXNet operator or library, a user-defined CatBoost loss, CTR parts that are not read, or a cut or inconsistent file
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly that rule is reported, where it is, at its severity (malformed data-only files do not block)
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { expected }));
        Assert.That(findings.Single().Severity, Is.EqualTo(severity));
    }

    [Test]
    public async Task Scan_PayloadInMxNetGraph_NamesTheDecodedCode()
    {
        // Given ModelAudit's MXNet sample: graph metadata that is base64 of __import__('os').system('id')
        // When the whole gate scans it
        var finding = (await ModelScanFixture.ScanAsync("tree-ensembles/mxnet/payload-symbol.json")).Single();

        // Then the message says what it decodes to
        Assert.That(finding.Message, Does.Contain("base64 of `__import__(`").And.Contain("system('id')"));
    }

    [Test]
    public async Task Scan_PickledXGBoostBooster_GoesToThePickleScanner()
    {
        // Given a Booster pickled by xgboost's own __getstate__ (the raw model as a bytearray)
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync("tree-ensembles/xgboost/booster.pkl");

        // Then the pickle rules judge it (the Booster class is not on the allowlist), not the XGBoost validator
        Assert.That(findings.Select(f => f.Rule.Id), Is.Not.Empty.And.All.Matches<string>(id => string.CompareOrdinal(id, "MOD050") < 0));
    }
}
