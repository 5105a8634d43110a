using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Policy.Rules;

public sealed class GatePathsMatchNothingTests
{
    private static readonly TestGate s_gate = new() { Understood = [".csv"] };

    private static readonly ScanFile[] s_files =
    [
        new("/r/a/1.csv", "a/1.csv", 1),
        new("/r/a/notes.txt", "a/notes.txt", 1),
        new("/r/b/2.csv", "b/2.csv", 1),
        new("/r/c/3.csv", "c/3.csv", 1),
        new("/r/d/4.csv", "d/4.csv", 1),
    ];

    [Test]
    public void Check_PathsSelectNothingAndTheGateUnderstandsFiles_NamesThreeAndSaysThereAreMore()
    {
        var finding = GatePathsMatchNothing.Check(s_gate, ["data/**"], 0, s_files, ".mlsecops.yml");

        Assert.That(finding, Is.Not.Null);
        Assert.That(finding!.Rule.Id, Is.EqualTo("POL007"));
        Assert.That(finding.Severity, Is.EqualTo(Core.Rules.Severity.Low));
        Assert.That(finding.Gate, Is.EqualTo("data-check"));
        Assert.That(finding.Location.Path, Is.EqualTo(".mlsecops.yml"));
        Assert.That(finding.Message, Is.EqualTo("Gate data-check checked no file: its paths (data/**) match nothing, but it can check a/1.csv, b/2.csv, c/3.csv, …."));
    }

    [Test]
    public void Check_PathsSelectSomething_ReportsNothing()
    {
        Assert.That(GatePathsMatchNothing.Check(s_gate, ["a/**"], 2, s_files, ".mlsecops.yml"), Is.Null);
    }

    [Test]
    public void Check_NoPathsInThePolicy_ReportsNothing()
    {
        Assert.That(GatePathsMatchNothing.Check(s_gate, [], 0, s_files, ".mlsecops.yml"), Is.Null);
    }

    [Test]
    public void Check_GateUnderstandsNothingHere_ReportsNothing()
    {
        var gate = new TestGate { Understood = [".parquet"] };

        Assert.That(GatePathsMatchNothing.Check(gate, ["data/**"], 0, s_files, ".mlsecops.yml"), Is.Null);
    }

    [Test]
    public void Check_GateWithoutAPredicate_UnderstandsNothingByDefault()
    {
        IGate gate = new TestGate();

        Assert.That(gate.Understands(s_files[0]), Is.False);
    }
}
