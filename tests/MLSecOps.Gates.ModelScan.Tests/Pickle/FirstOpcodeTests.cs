using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Pickle;

/// <summary>Pickles that start with any opcode CPython accepts first are recognised by the opcode reader itself, in every container.</summary>
public class FirstOpcodeTests
{
    private static IEnumerable<string> Fixtures() =>
        Directory.EnumerateFiles(FixturePaths.Of("model-scan/first-opcodes"))
            .Select(Path.GetFileName)
            .Where(n => n != "generate.py")
            .Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Fixtures))]
    public async Task Scan_PickleStartingWithAnyFirstOpcode_ReportsTheCall(string name)
    {
        // Given a pickle that starts with C, B, \x88, \x8a, \x8c, \x8f, \x95 or a 600-byte STRING, as .p, .dat, .pkl.gz or in a PyTorch zip
        // When the gate scans it
        var findings = await ModelScanFixture.ScanAsync("first-opcodes/" + name);

        // Then the os.system call is reported as critical
        Assert.That(findings.Where(f => f.Rule.Id == "MOD002").Select(f => f.Severity), Does.Contain(Severity.Critical));
    }

    [Test]
    public void Fixtures_CoverEveryStartAndContainer()
    {
        Assert.That(Fixtures().Count(), Is.EqualTo(32));
    }
}
