using MLSecOps.Core.Rules;
using MLSecOps.Formats.Archives;
using MLSecOps.Gates.ModelScan.Formats.Packaged;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>Packaged and non-pickle ecosystem formats (tests/fixtures/model-scan/ecosystem, made by generate_ecosystem_fixtures.py) through the whole gate.</summary>
public sealed class EcosystemFormatTests
{
    [TestCase("ecosystem/containers/malicious-checkpoint.7z", "MOD002 archive/data.pkl@offset 2")]
    [TestCase("ecosystem/containers/malicious.pkl.zst", "MOD002 @offset 2")]
    [TestCase("ecosystem/containers/truncated.7z", "MOD001")]
    [TestCase("ecosystem/torchserve/evil-handler.mar", "MOD100 MAR-INF/MANIFEST.json", "MOD101 handler.py")]
    [TestCase("ecosystem/torchserve/custom-handler.mar", "MOD100 MAR-INF/MANIFEST.json")]
    [TestCase("ecosystem/torchserve/no-manifest.mar", "MOD001 MAR-INF/MANIFEST.json")]
    [TestCase("ecosystem/nemo/evil-target.nemo", "MOD105 ./model_config.yaml:5")]
    [TestCase("ecosystem/nemo/foreign-target.nemo", "MOD106 model_config.yaml:1")]
    [TestCase("ecosystem/skops/evil-type.skops", "MOD115 schema.json/content")]
    [TestCase("ecosystem/skops/untrusted-type.skops", "MOD116 schema.json")]
    [TestCase("ecosystem/skops/no-schema.skops", "MOD001 schema.json")]
    [TestCase("ecosystem/pmml/internal-dtd.pmml", "MOD110 DOCTYPE")]
    [TestCase("ecosystem/pmml/external-entity.pmml", "MOD110 DOCTYPE")]
    [TestCase("ecosystem/pmml/malformed.pmml", "MOD001")]
    [TestCase("ecosystem/rdata/promise.rds", "MOD130")]
    [TestCase("ecosystem/rdata/promise-workspace.RData", "MOD130")]
    [TestCase("ecosystem/rdata/truncated.rds", "MOD001")]
    [TestCase("ecosystem/rdata/r-promise-env.rds", "MOD130")]
    [TestCase("ecosystem/rdata/r-ascii.rds", "MOD001")]
    [TestCase("ecosystem/coreml/custom-layer.mlmodel", "MOD137 model.layers[0]")]
    [TestCase("ecosystem/coreml/pipeline-custom-model.mlmodel", "MOD137 model.pipeline[0]")]
    [TestCase("ecosystem/coreml/linked-escape.mlmodel", "MOD138 model")]
    [TestCase("ecosystem/coreml/truncated.mlmodel", "MOD001")]
    [TestCase("ecosystem/openvino/extension.xml", "MOD139 layer post")]
    [TestCase("ecosystem/flax/unknown-extension.msgpack", "MOD001")]
    [TestCase("ecosystem/flax/truncated.msgpack", "MOD001")]
    [TestCase("ecosystem/flax/trailing.msgpack", "MOD001")]
    [TestCase("ecosystem/containers/encrypted.7z", "MOD001", "MOD001 data.pkl", "MOD017 data.pkl")]
    [TestCase("ecosystem/containers/encrypted-headers.7z", "MOD001")]
    [TestCase("ecosystem/tflite/custom-ops.tflite", "MOD135 operator_codes[1]", "MOD135 operator_codes[2]")]
    [TestCase("ecosystem/tflite/broken.tflite", "MOD001")]
    [TestCase("ecosystem/oci/escape/image.manifest", "MOD125 layers[0]")]
    [TestCase("ecosystem/executables/model.llamafile", "MOD120")]
    [TestCase("ecosystem/executables/weights.bin", "MOD120")]
    public async Task Scan_HostileOrBrokenFile_ReportsExactly(string fixture, params string[] expected)
    {
        // Given a file of an ecosystem format with a code-execution route, or cut short
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly these rules are reported, at these places inside the file
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Order(StringComparer.Ordinal)));
    }

    [TestCase("ecosystem/containers/benign-checkpoint.7z")]
    [TestCase("ecosystem/containers/benign.pkl.zst")]
    [TestCase("ecosystem/torchserve/builtin-handler.mar")]
    [TestCase("ecosystem/nemo/safe.nemo")]
    [TestCase("ecosystem/skops/clean.skops")]
    [TestCase("ecosystem/pmml/clean.pmml")]
    [TestCase("ecosystem/rdata/numbers.rds")]
    [TestCase("ecosystem/rdata/r-glm.rds")]
    [TestCase("ecosystem/rdata/r-glm-xz.rds")]
    [TestCase("ecosystem/rdata/r-glm-bzip2.rds")]
    [TestCase("ecosystem/rdata/r-glm-plain-v2.rds")]
    [TestCase("ecosystem/rdata/r-workspace.RData")]
    [TestCase("ecosystem/coreml/builtin.mlmodel")]
    [TestCase("ecosystem/openvino/standard.xml")]
    [TestCase("ecosystem/flax/flax_model.msgpack")]
    [TestCase("ecosystem/tflite/builtin.tflite")]
    [TestCase("ecosystem/oci/saved/manifest.json")]
    public async Task Scan_OrdinaryFile_ReportsNothing(string fixture)
    {
        // Given an ordinary file of the format (built-in handler, NeMo and PyTorch targets, sklearn types, no DTD, numbers, builtin ops)
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then nothing is reported
        Assert.That(ModelScanFixture.Summary(findings), Is.Empty);
    }

    [TestCase("ecosystem/torchserve/evil-handler.mar", "MOD101", Severity.Critical)]
    [TestCase("ecosystem/torchserve/custom-handler.mar", "MOD100", Severity.Medium)]
    [TestCase("ecosystem/nemo/evil-target.nemo", "MOD105", Severity.Critical)]
    [TestCase("ecosystem/nemo/foreign-target.nemo", "MOD106", Severity.Medium)]
    [TestCase("ecosystem/pmml/external-entity.pmml", "MOD110", Severity.Critical)]
    [TestCase("ecosystem/pmml/internal-dtd.pmml", "MOD110", Severity.High)]
    [TestCase("ecosystem/skops/no-schema.skops", "MOD001", Severity.Medium)]
    [TestCase("ecosystem/rdata/promise.rds", "MOD130", Severity.Critical)]
    [TestCase("ecosystem/executables/model.llamafile", "MOD120", Severity.Medium)]
    [TestCase("ecosystem/coreml/custom-layer.mlmodel", "MOD137", Severity.Medium)]
    [TestCase("ecosystem/coreml/linked-escape.mlmodel", "MOD138", Severity.High)]
    [TestCase("ecosystem/rdata/r-ascii.rds", "MOD001", Severity.Medium)]
    [TestCase("ecosystem/flax/unknown-extension.msgpack", "MOD001", Severity.Medium)]
    [TestCase("ecosystem/flax/truncated.msgpack", "MOD001", Severity.High)]
    [TestCase("ecosystem/containers/malicious-checkpoint.7z", "MOD002", Severity.Critical)]
    public async Task Scan_Finding_HasTheDocumentedSeverity(string fixture, string rule, Severity severity)
    {
        var findings = await ModelScanFixture.ScanAsync(fixture);

        Assert.That(findings.Single(f => f.Rule.Id == rule).Severity, Is.EqualTo(severity));
    }

    [Test]
    public async Task Scan_SolidSevenZipBehindABigMember_FindsThePayload()
    {
        // Given a solid 7z whose first member expands to 12 MiB of zeros and whose second is the payload
        // When the gate scans it with the default budgets
        var findings = await ModelScanFixture.ScanAsync("ecosystem/containers/zeros-then-payload.7z");

        // Then the payload behind the big member is found
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { "MOD002 b-data.pkl@offset 2" }));
    }

    [Test]
    public async Task Scan_SolidSevenZipOverTheMemberBudget_StopsAndSaysSo()
    {
        // Given the same 7z and a 1 MiB budget per member
        var settings = MLSecOps.TestKit.GateHarness.Settings(("max-member-decompressed-mb", 1));

        // When the gate scans it
        var findings = await ModelScanFixture.ScanAsync("ecosystem/containers/zeros-then-payload.7z", settings);

        // Then decoding the first member stops at the budget (charged even though nothing reads it), reported as not analysed
        Assert.That(findings.Select(f => (f.Rule.Id, f.Message)), Is.EqualTo(new[] { ("MOD001", "Scan incomplete: budget exceeded: more than 1 MiB decompressed from one member") }));
    }

    [Test]
    public async Task Scan_RealGlmSavedByR_CountsPromisesButReportsNone()
    {
        // Given a glm saved by R 4.2 (its family closures keep unforced default-argument promises of constants)
        var full = Path.Combine(ModelScanFixture.Root, "ecosystem/rdata/r-glm.rds");
        var probe = MLSecOps.Gates.ModelScan.Analysis.ModelFileProbe.Read(new MLSecOps.Core.Gates.ScanFile(full, "r-glm.rds", new FileInfo(full).Length));

        // When the R analyzer reads it through
        var findings = await new MLSecOps.Gates.ModelScan.Formats.RData.RSerializationAnalyzer().AnalyzeAsync(probe, new ModelScanSettings(), CancellationToken.None);

        // Then the whole stream was walked and no promise runs code
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task Scan_EvilHandler_NamesTheResolvedAliasAndLine()
    {
        // Given a handler that imports subprocess as sp, with decoys in a docstring
        var findings = await ModelScanFixture.ScanAsync("ecosystem/torchserve/evil-handler.mar");

        // Then the real call is named by its module, at its line
        Assert.That(findings.Single(f => f.Rule.Id == "MOD101").Message, Does.Contain("`subprocess.run` at line 6"));
    }

    [TestCase("import subprocess as sp\nsp.run(['id'])\n", "subprocess.run@2")]
    [TestCase("from os import system\nsystem('id')\n", "os.system@2")]
    [TestCase("import os\nos.system('id')  # os.popen('x')\n", "os.system@2")]
    [TestCase("x = eval(data)\n", "eval@1")]
    [TestCase("import builtins\nbuiltins.exec(code)\n", "builtins.exec@2")]
    [TestCase("from subprocess import (\n    Popen,\n)\nPopen('id')\n", "subprocess.Popen@4")]
    public void Find_RiskyCall_ReportsResolvedNameAndLine(string source, string expected)
    {
        var calls = PythonRiskyCalls.Find(source);

        Assert.That(calls.Select(c => $"{c.Call}@{c.Line}"), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Find_LongDottedChainWithoutACall_ReturnsNothing()
    {
        // Given a megabyte of `a.a.a...` that never opens a call (a backtracking pattern would be quadratic here)
        var source = string.Concat(Enumerable.Repeat("a.", 512 * 1024)) + "a\n";

        Assert.That(PythonRiskyCalls.Find(source), Is.Empty);
    }

    [Test]
    public void Find_ThousandsOfCalls_ReportsAtMostTheCap()
    {
        var source = string.Concat(Enumerable.Repeat("eval(x)\n", 5000));

        var calls = PythonRiskyCalls.Find(source);

        Assert.That((calls.Count, calls[^1].Line), Is.EqualTo((PythonRiskyCalls.MaxCalls, PythonRiskyCalls.MaxCalls)));
    }

    [TestCase("# os.system('id')\nx = 1\n")]
    [TestCase("s = \"subprocess.Popen('id')\"\n")]
    [TestCase("'''\neval('doc')\n'''\nmodel.eval()\n")]
    [TestCase("def eval(self):\n    return self\n")]
    [TestCase("import os\npath = os.path.join('a', 'b')\ntorch.compile(model)\n")]
    public void Find_WordsInCommentsStringsOrMethods_ReportsNothing(string source)
    {
        Assert.That(PythonRiskyCalls.Find(source), Is.Empty);
    }

    [Test]
    public async Task ReadAsync_SevenZip_VisitsEachMemberUnderTheBudget()
    {
        // Given the 7z checkpoint, read through the shared bounded reader (the one data-check uses)
        await using var archive = File.OpenRead(Path.Combine(ModelScanFixture.Root, "ecosystem/containers/benign-checkpoint.7z"));
        var seen = new List<(string, long)>();

        // When its members are visited with a 10-byte member budget
        var (visited, left) = await ArchiveReader.ReadAsync(archive, ArchiveSniffer.Sniff(ReadHead(archive)), new ArchiveBudget { MaxMemberBytes = 10 }, async (member, data) =>
        {
            var buffer = new byte[64];
            seen.Add((member.Name, await data.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false)));
        }, CancellationToken.None);

        // Then the one member is seen by name, cut at the budget
        Assert.That((visited, left), Is.EqualTo((1, false)));
        Assert.That(seen, Is.EqualTo(new[] { ("archive/data.pkl", 10L) }));
    }

    [Test]
    public void ReadAsync_SevenZipLyingAboutItsHeader_IsMalformed()
    {
        using var archive = File.OpenRead(Path.Combine(ModelScanFixture.Root, "ecosystem/containers/truncated.7z"));

        Assert.That(
            async () => await ArchiveReader.ReadAsync(archive, ArchiveKind.SevenZip, new ArchiveBudget(), (_, _) => Task.CompletedTask, CancellationToken.None),
            Throws.TypeOf<InvalidDataException>());
    }

    private static byte[] ReadHead(Stream stream)
    {
        var head = new byte[ArchiveSniffer.HeadLength];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return head[..read];
    }
}
