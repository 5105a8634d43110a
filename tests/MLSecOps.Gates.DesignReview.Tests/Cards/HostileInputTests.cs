using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests.Cards;

/// <summary>Cards and threat models are hostile input: too large or not text is a finding (fail closed), never a crash.</summary>
public sealed class HostileInputTests
{
    [Test]
    public async Task Run_OversizedAndBinaryCards_ReportDES016AndNothingElseAboutThem()
    {
        // Given a model card over 1 MiB and a data-set card that is not UTF-8
        using var repo = new TempDirectory();
        repo.Copy(FixturePaths.Of("design-review/DES001/threat-model-present.pass/docs/threat-model.yml"), "docs/threat-model.yml");
        repo.Write("models/clf/model.safetensors", "w");
        repo.Write("models/clf/README.md", "---\nlicense: mit\n---\n" + new string('x', 1024 * 1024 + 1));
        repo.Write("data/train.csv", "a\n1\n");
        repo.Write("data/README.md", new byte[] { 0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x00, 0xC3 });

        // When
        var findings = await GateHarness.RunAsync(new DesignReviewGate(), repo.Path);

        // Then each card is reported once as unreadable, and no rule judged their content
        var aboutCards = findings.Where(f => f.Location.Path.EndsWith("README.md", StringComparison.Ordinal)).ToList();
        Assert.That(aboutCards.Select(f => $"{f.Rule.Id} {f.Location.Path}").Order(), Is.EqualTo(new[] { "DES016 data/README.md", "DES016 models/clf/README.md" }));
    }

    [Test]
    public async Task Run_OversizedThreatModel_ReportsDES002AtLineOne()
    {
        using var repo = new TempDirectory();
        repo.Write("docs/threat-model.yml", "version: 1\n# " + new string('x', 1024 * 1024) + "\n");
        repo.Write("models/m.onnx", "w");

        var findings = await GateHarness.RunAsync(new DesignReviewGate(), repo.Path);

        var invalid = findings.Single(f => f.Rule.Id == "DES002");
        Assert.That((invalid.Location.Path, invalid.Location.StartLine), Is.EqualTo(("docs/threat-model.yml", 1)));
        Assert.That(invalid.Message, Does.Contain("larger than 1048576 bytes"));
        Assert.That(findings.Where(f => f.Rule.Id is "DES001" or "DES003"), Is.Empty);
    }
}
