using System.Diagnostics;
using System.Globalization;

namespace MLSecOps.Bench;

/// <summary>
/// Measures what users run: `throughput [NAME…]` generates missing corpora under $MLSECOPS_BENCH_CORPUS (default: a
/// temp folder), then runs the real CLI (Release build, or $MLSECOPS_CLI: a .dll, or a NativeAOT binary) as a whole child process, once cold and five
/// times more, beside `cat` of the same files, and prints one Markdown row per scenario. Peak memory is the child's
/// maximum resident set and CPU its user plus system time, as /usr/bin/time reports them (CPU stays meaningful on a shared machine).
/// </summary>
internal static class ThroughputHarness
{
    private const int Runs = 5;

    public static async Task<int> RunAsync(string[] names)
    {
        var repositoryRoot = FindRepositoryRoot();
        var cli = Environment.GetEnvironmentVariable("MLSECOPS_CLI")
            ?? Path.Combine(repositoryRoot, "src", "MLSecOps.Cli", "bin", "Release", "net10.0", "mlsecops.dll");
        if (!File.Exists(cli))
        {
            await Console.Error.WriteLineAsync($"{cli} is missing: build it first (dotnet cake --target=Bench builds it), or set MLSECOPS_CLI.").ConfigureAwait(false);
            return 2;
        }

        var selected = names.Length == 0
            ? ThroughputScenarios.All
            : [.. ThroughputScenarios.All.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase))];
        if (selected.Count == 0)
        {
            await Console.Error.WriteLineAsync($"No scenario named {string.Join(", ", names)}; known: {string.Join(", ", ThroughputScenarios.All.Select(s => s.Name))}").ConfigureAwait(false);
            return 2;
        }

        var corpusRoot = Environment.GetEnvironmentVariable("MLSECOPS_BENCH_CORPUS") ?? Path.Combine(Path.GetTempPath(), "mlsecops-bench-corpus");
        var scratch = Directory.CreateTempSubdirectory("mlsecops-bench-").FullName;
        var timer = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CLI: {cli}; {Environment.ProcessorCount} processors; median of {Runs} runs after a first one"));
        Console.WriteLine("| scenario | files | MB | first s | median s | median CPU s | peak MB | MB/s | cat s | exit |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in selected)
        {
            var folder = await scenario.PrepareAsync(corpusRoot, repositoryRoot, CancellationToken.None).ConfigureAwait(false);
            var files = folder.Length == 0 ? [] : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            var megabytes = files.Sum(f => new FileInfo(f).Length) / 1048576.0;
            // A .dll runs under dotnet (JIT or ReadyToRun); anything else is a native (NativeAOT) binary run as it is.
            IReadOnlyList<string> command = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? ["dotnet", cli, .. scenario.Arguments(folder, scratch)]
                : [cli, .. scenario.Arguments(folder, scratch)];

            var first = await TimedRun.StartAsync(timer, command).ConfigureAwait(false);
            var runs = new List<TimedRun>();
            for (var i = 0; i < Runs; i++)
            {
                runs.Add(await TimedRun.StartAsync(timer, command).ConfigureAwait(false));
            }

            var median = runs.Select(r => r.Seconds).Order().ElementAt(Runs / 2);
            var cpu = runs.Select(r => r.CpuSeconds).Order().ElementAt(Runs / 2);
            var cat = files.Count == 0 ? 0 : await CatFloorAsync(timer, files).ConfigureAwait(false);
            var peak = runs.Append(first).Max(r => r.PeakMegabytes);
            var rate = megabytes > 0 && median > 0 ? (megabytes / median).ToString("F0", CultureInfo.InvariantCulture) : "–";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario.Name} | {files.Count} | {megabytes:F1} | {first.Seconds:F3} | {median:F3} | {(timer is null ? "–" : cpu.ToString("F3", CultureInfo.InvariantCulture))} | {(peak > 0 ? peak.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {rate} | {cat:F3} | {first.ExitCode} |"));
        }

        Directory.Delete(scratch, recursive: true);
        return 0;
    }

    // The page-cache floor: cat of the same files (in batches, to stay within the argument limit), median of three.
    private static async Task<double> CatFloorAsync(string? timer, IReadOnlyList<string> files)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var total = 0.0;
            foreach (var batch in files.Chunk(500))
            {
                total += (await TimedRun.StartAsync(timer, ["cat", .. batch]).ConfigureAwait(false)).Seconds;
            }

            times.Add(total);
        }

        return times.Order().ElementAt(1);
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MLSecOps.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary>One whole-process run: wall time, peak resident memory and CPU time (when /usr/bin/time is there) and exit code.</summary>
internal sealed record TimedRun(double Seconds, double PeakMegabytes, int ExitCode)
{
    /// <summary>Gets the child's user plus system CPU time in seconds (0 without /usr/bin/time).</summary>
    public double CpuSeconds { get; init; }

    public static async Task<TimedRun> StartAsync(string? timer, IReadOnlyList<string> command)
    {
        var report = Path.GetTempFileName();
        var info = new ProcessStartInfo(timer ?? command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (timer is not null)
        {
            foreach (var argument in new[] { "-f", "%e %U %S %M", "-o", report, "--" }.Concat(command))
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            foreach (var argument in command.Skip(1))
            {
                info.ArgumentList.Add(argument);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var drainOut = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var drainError = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        await process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAll(drainOut, drainError).ConfigureAwait(false);
        stopwatch.Stop();
        var peak = 0.0;
        var words = timer is null ? [] : (await File.ReadAllTextAsync(report).ConfigureAwait(false)).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && double.TryParse(words[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var kilobytes))
        {
            peak = kilobytes / 1024;
        }

        var cpu = 0.0;
        if (words.Length >= 4 && double.TryParse(words[^3], NumberStyles.Float, CultureInfo.InvariantCulture, out var user)
            && double.TryParse(words[^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var system))
        {
            cpu = user + system;
        }

        File.Delete(report);
        return new TimedRun(stopwatch.Elapsed.TotalSeconds, peak, process.ExitCode) { CpuSeconds = cpu };
    }
}
