using System.Diagnostics;

namespace MLSecOps.Fuzz;

/// <summary>The in-process smoke CI runs without afl-fuzz: every seed and a fixed number of deterministic mutations of each.</summary>
internal static class SmokeRun
{
    /// <summary>One input that broke a target's contract.</summary>
    public sealed record Failure(string Target, string Seed, int Mutation, byte[] Input, Exception Error)
    {
        public override string ToString() =>
            $"{Target}: {Path.GetFileName(Seed)} mutation {Mutation}: {Error.GetType().Name}: {Error.Message}{Environment.NewLine}{Error.StackTrace}";
    }

    /// <summary>What one target's smoke did.</summary>
    public sealed record Outcome(string Target, int Seeds, int Executions, IReadOnlyList<Failure> Failures, TimeSpan Elapsed);

    /// <summary>Runs <paramref name="target"/> over its seeds and <paramref name="mutations"/> mutations of each (mutation -1 is the seed itself).</summary>
    public static Outcome Run(IFuzzTarget target, string repositoryRoot, int mutations)
    {
        ArgumentNullException.ThrowIfNull(target);
        var clock = Stopwatch.StartNew();
        var failures = new List<Failure>();
        var seeds = target.Seeds(repositoryRoot);
        var executions = 0;
        foreach (var seed in seeds)
        {
            var bytes = File.ReadAllBytes(seed);
            for (var m = -1; m < mutations; m++)
            {
                var input = m < 0 ? bytes : Mutator.Mutate(bytes, m);
                executions++;
                if (Execute(target, input) is { } error)
                {
                    failures.Add(new Failure(target.Name, seed, m, input, error));
                }
            }
        }

        return new Outcome(target.Name, seeds.Count, executions, failures, clock.Elapsed);
    }

    /// <summary>Runs one input and returns the exception that escaped, if any.</summary>
    public static Exception? Execute(IFuzzTarget target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            target.Run(input);
            return null;
        }
#pragma warning disable CA1031 // Any escaping exception is the result being measured.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }
}
