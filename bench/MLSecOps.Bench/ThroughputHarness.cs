using System.Diagnostics;
using System.Globalization;

namespace MLSecOps.Bench;

/// <summary>
/// Runs throughput scenarios: `throughput [NAME…]` generates missing corpora under bench/corpus (or
/// $MLSECOPS_BENCH_CORPUS), then measures each scan in a child process so peak memory is the scan's own.
/// </summary>
internal static class ThroughputHarness
{
    public static async Task<int> RunAsync(string[] names)
    {
        var root = Environment.GetEnvironmentVariable("MLSECOPS_BENCH_CORPUS")
            ?? Path.Combine(Path.GetTempPath(), "mlsecops-bench-corpus");
        var selected = names.Length == 0
            ? ThroughputScenarios.All
            : [.. ThroughputScenarios.All.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase))];
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"No scenario named {string.Join(", ", names)}; known: {string.Join(", ", ThroughputScenarios.All.Select(s => s.Name))}");
            return 2;
        }

        Console.WriteLine("| scenario | files | MB | seconds | MB/s | peak RSS MB | findings |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in selected)
        {
            var dir = Path.Combine(root, scenario.Name);
            if (!Directory.Exists(dir))
            {
                var tmp = dir + ".tmp";
                Directory.CreateDirectory(tmp);
                await scenario.GenerateAsync(tmp, CancellationToken.None).ConfigureAwait(false);
                Directory.Move(tmp, dir);
            }

            var line = await MeasureInChildAsync(scenario.Name, dir).ConfigureAwait(false);
            Console.WriteLine(line);
        }

        return 0;
    }

    /// <summary>The child side: scan once to warm up the JIT on a tiny slice is not possible generically, so scan twice and report the second.</summary>
    public static async Task<int> MeasureAsync(string name, string dir)
    {
        var scenario = ThroughputScenarios.All.Single(s => s.Name == name);
        await scenario.ScanAsync(dir, CancellationToken.None).ConfigureAwait(false);
        var sw = Stopwatch.StartNew();
        var tally = await scenario.ScanAsync(dir, CancellationToken.None).ConfigureAwait(false);
        sw.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var mb = tally.Bytes / 1048576.0;
        var secs = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {tally.Files} | {mb:F1} | {secs:F3} | {mb / secs:F0} | {self.PeakWorkingSet64 / 1048576.0:F0} | {tally.Findings} |"));
        return 0;
    }

    private static async Task<string> MeasureInChildAsync(string name, string dir)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!, ["throughput-child", name, dir])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var child = Process.Start(psi)!;
        var output = await child.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await child.WaitForExitAsync().ConfigureAwait(false);
        return output.Trim();
    }
}
