using MLSecOps.TestKit;

namespace MLSecOps.Fuzz.Tests;

/// <summary>Every minimised input afl-fuzz found (tests/fixtures/fuzz/TARGET/*) keeps its target's contract.</summary>
public sealed class FoundByFuzzingTests
{
    private static IEnumerable<TestCaseData> Inputs() =>
        Directory.EnumerateDirectories(FixturePaths.Of("fuzz"))
            .SelectMany(dir => Directory.EnumerateFiles(dir).Select(file => new TestCaseData(Path.GetFileName(dir), Path.GetFileName(file))))
            .OrderBy(c => c.Arguments[0] + "/" + c.Arguments[1], StringComparer.Ordinal);

    [TestCaseSource(nameof(Inputs))]
    public void Run_InputFoundByFuzzing_KeepsTheContract(string target, string file)
    {
        var input = File.ReadAllBytes(FixturePaths.Of(Path.Combine("fuzz", target, file)));

        Assert.That(SmokeRun.Execute(FuzzTargets.Find(target)!, input), Is.Null);
    }

    [Test]
    public void Inputs_Committed_AreAtLeastTheFourPolicyCrashes()
    {
        Assert.That(Inputs().Count(), Is.GreaterThanOrEqualTo(4));
    }
}
