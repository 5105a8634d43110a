using BenchmarkDotNet.Running;
using MLSecOps.Bench;

return args switch
{
    ["throughput", .. var names] => await ThroughputHarness.RunAsync(names).ConfigureAwait(false),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ThroughputHarness).Assembly).Run(args);
    return 0;
}
