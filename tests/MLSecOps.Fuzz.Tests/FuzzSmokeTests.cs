using MLSecOps.TestKit;

namespace MLSecOps.Fuzz.Tests;

/// <summary>The CI smoke of every fuzz target: each committed seed and deterministic mutations of it, in process, without afl-fuzz.</summary>
public sealed class FuzzSmokeTests
{
    // Enough to reach every reader's error paths on each seed while keeping the whole smoke well under a minute.
    private const int MutationsPerSeed = 12;

    private static IEnumerable<string> Targets() => FuzzTargets.All.Select(t => t.Name);

    [TestCaseSource(nameof(Targets))]
    public void Smoke_SeedsAndMutations_NeverBreakTheContract(string name)
    {
        var target = FuzzTargets.Find(name)!;

        var outcome = SmokeRun.Run(target, FixturePaths.RepositoryRoot, MutationsPerSeed);

        Assert.That(outcome.Seeds, Is.GreaterThan(0), "a target without seeds fuzzes nothing");
        Assert.That(outcome.Failures.Select(f => f.ToString()), Is.Empty);
    }

    [Test]
    public void Run_TargetThatThrows_IsReportedWithItsInput()
    {
        var target = new ThrowingTarget();

        var outcome = SmokeRun.Run(target, FixturePaths.RepositoryRoot, 2);

        Assert.That(outcome.Executions, Is.EqualTo(3));
        Assert.That(outcome.Failures.Select(f => (f.Mutation, f.Error.GetType())), Is.EqualTo(new[]
        {
            (-1, typeof(InvalidOperationException)), (0, typeof(InvalidOperationException)), (1, typeof(InvalidOperationException)),
        }));
    }

    [Test]
    public void Mutate_SameSeedAndIndex_GivesTheSameBytes()
    {
        var seed = "version: 1\nfail-on: high\n"u8.ToArray();

        var first = Enumerable.Range(0, 24).Select(i => Mutator.Mutate(seed, i)).ToList();
        var second = Enumerable.Range(0, 24).Select(i => Mutator.Mutate(seed, i)).ToList();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Distinct(new BytesComparer()).Count(), Is.GreaterThan(12), "mutations should differ from each other");
    }

    private sealed class ThrowingTarget : IFuzzTarget
    {
        public string Name => "throwing";

        public IReadOnlyList<string> Seeds(string repositoryRoot) => [Path.Combine(repositoryRoot, "fuzz", "MLSecOps.Fuzz", "seeds", "policy", "flow.yml")];

        public void Run(byte[] input) => throw new InvalidOperationException("always");
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
