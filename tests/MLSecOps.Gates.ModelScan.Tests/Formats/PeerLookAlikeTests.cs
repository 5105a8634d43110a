using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>
/// The peers' own benign look-alikes and their malicious counterparts (tests/fixtures/model-scan/peers, made by generate_peer_fixtures.py
/// the way ModelAudit's tests write them), through the whole gate: each look-alike must not block, each counterpart must.
/// </summary>
public sealed class PeerLookAlikeTests
{
    [TestCase("peers/keras/get-file-unrelated.keras")]
    [TestCase("peers/keras/unsafe-toggle-cross-object.keras")]
    [TestCase("peers/keras/unsafe-toggle-note.keras")]
    [TestCase("peers/configs/trusted/config.json")]
    [TestCase("peers/zip/comment-notes.zip")]
    public async Task Scan_LookAlike_ReportsNothing(string fixture)
    {
        // Given a file that only mentions a gadget, or names trusted hosts, or has text that starts with `#`
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then nothing is reported
        Assert.That(Graded(findings), Is.Empty);
    }

    [TestCase("peers/keras/get-file-with-origin.keras", "MOD053 Critical config.json/config.layers[0].config.fn")]
    [TestCase("peers/keras/unsafe-toggle-module.keras", "MOD053 Critical config.json/config.layers[0].config.fn")]
    [TestCase("peers/keras/unsafe-toggle-dotted.keras", "MOD053 Critical config.json/config.metadata.loader")]
    [TestCase("peers/keras/foreign-module-class.keras", "MOD052 Medium config.json/config.layers[0]")]
    [TestCase("peers/keras/foreign-module-function.keras", "MOD052 High config.json/config.layers[0].config.activation")]
    [TestCase("peers/skops/sklearn-cut-npy.skops", "MOD001 Medium step/0/content/0.npy")]
    [TestCase("peers/torch/zero-padded/pytorch_model.bin", "MOD023 Low @offset 24")]
    [TestCase("peers/torch/all-zero-padded/pytorch_model.bin", "MOD023 Info @offset 24")]
    [TestCase("peers/torch/tail-payload/pytorch_model.bin", "MOD023 High @offset 24")]
    [TestCase("peers/configs/spoofed/config.json", "MOD160 Medium download_url", "MOD160 Medium mirror_url")]
    [TestCase("peers/configs/suspicious_config.json", "MOD160 Medium config.remote_url", "MOD161 Medium config.debug_command")]
    [TestCase("peers/zip/proto0-comment-prefixed.zip", "MOD162 Medium payload.txt")]
    public async Task Scan_PeerCase_ReportsAtItsSeverity(string fixture, params string[] expected)
    {
        // Given a peer's test file: a gadget in a callable context, a foreign module, a cut array, padding, a foreign URL, a hidden pickle
        // When the whole gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly these rules are reported, at these severities and places
        Assert.That(Graded(findings), Is.EqualTo(expected.Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task Scan_CommentPrefixedPickle_NamesTheHiddenGlobal()
    {
        // Given the ZIP whose text member is `#` followed by a protocol-0 pickle calling os.system
        // When the whole gate scans it
        var finding = (await ModelScanFixture.ScanAsync("peers/zip/proto0-comment-prefixed.zip")).Single();

        // Then the finding names the global the hidden stream imports
        Assert.That(finding.Message, Does.Contain("os.system").Or.Contain("posix.system"));
    }

    private static string[] Graded(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => $"{f.Rule.Id} {f.Severity} {f.Location.LogicalPath}".TrimEnd()).Order(StringComparer.Ordinal)];
}
