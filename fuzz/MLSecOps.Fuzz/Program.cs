using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MLSecOps.Fuzz;
using SharpFuzz;

// Commands: list | seeds TARGET DIR | afl TARGET | smoke [TARGET...] [--mutations N] [--out DIR] | replay TARGET PATH... | write-parquet-seeds DIR
const int MaxInputBytes = 4 * 1024 * 1024;
var repositoryRoot = FindRepositoryRoot();
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: MLSecOps.Fuzz list | seeds TARGET DIR | afl TARGET | smoke [TARGET...] [--mutations N] [--out DIR] | replay TARGET PATH...");
    return 2;
}

if (Environment.GetEnvironmentVariable("MLSECOPS_FUZZ_DEADLINE_SECONDS") is { } seconds)
{
    Deadline.PerInput = TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture));
}

switch (args[0])
{
    case "list":
        foreach (var target in FuzzTargets.All)
        {
            Console.WriteLine($"{target.Name}\t{target.Seeds(repositoryRoot).Count} seeds");
        }

        return 0;
    case "seeds" when args.Length == 3 && Target(args[1]) is { } target:
        Directory.CreateDirectory(args[2]);
        var copied = 0;
        foreach (var seed in target.Seeds(repositoryRoot).Where(s => new FileInfo(s).Length <= MaxInputBytes))
        {
            var bytes = File.ReadAllBytes(seed);
            File.WriteAllBytes(Path.Combine(args[2], Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]), bytes);
            copied++;
        }

        Console.WriteLine($"{target.Name}: {copied} seeds in {args[2]}");
        return copied > 0 ? 0 : 1;
    case "afl" when args.Length == 2 && Target(args[1]) is { } target:
        // Persistent mode: afl-fuzz feeds inputs through shared memory; an escaping exception is reported as a crash.
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.ToArray());
        });
        return 0;
    case "smoke":
        return Smoke(args.Skip(1).ToArray());
    case "replay" when args.Length >= 3 && Target(args[1]) is { } target:
        return Replay(target, args.Skip(2));
    case "write-parquet-seeds" when args.Length == 2:
        await ParquetSeedWriter.WriteAsync(args[1]).ConfigureAwait(false);
        return 0;
    default:
        Console.Error.WriteLine($"unknown command or target: {string.Join(' ', args)}; run 'list' for the targets");
        return 2;
}

int Smoke(string[] options)
{
    var mutations = 100;
    string? output = null;
    var names = new List<string>();
    for (var i = 0; i < options.Length; i++)
    {
        switch (options[i])
        {
            case "--mutations" when i + 1 < options.Length:
                mutations = int.Parse(options[++i], CultureInfo.InvariantCulture);
                break;
            case "--out" when i + 1 < options.Length:
                output = options[++i];
                break;
            default:
                names.Add(options[i]);
                break;
        }
    }

    var failed = 0;
    foreach (var target in names.Count == 0 ? FuzzTargets.All : names.Select(n => Target(n) ?? throw new ArgumentException($"unknown target {n}")))
    {
        var outcome = SmokeRun.Run(target, repositoryRoot, mutations);
        Console.WriteLine($"{outcome.Target}: {outcome.Seeds} seeds, {outcome.Executions} executions, {outcome.Failures.Count} failures, {outcome.Elapsed.TotalSeconds:0.0} s");
        foreach (var failure in outcome.Failures)
        {
            Console.WriteLine(failure);
            if (output is not null)
            {
                Directory.CreateDirectory(Path.Combine(output, failure.Target));
                File.WriteAllBytes(Path.Combine(output, failure.Target, $"{Path.GetFileName(failure.Seed)}.m{failure.Mutation}"), failure.Input);
            }
        }

        failed += outcome.Failures.Count;
    }

    return failed == 0 ? 0 : 1;
}

int Replay(IFuzzTarget target, IEnumerable<string> paths)
{
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p])
        .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith("README.txt", StringComparison.Ordinal))
        .ToList();
    var failures = 0;
    var slowest = (Path: "", Time: TimeSpan.Zero);
    foreach (var file in files)
    {
        var clock = Stopwatch.StartNew();
        if (SmokeRun.Execute(target, File.ReadAllBytes(file)) is { } error)
        {
            failures++;
            Console.WriteLine($"FAIL {file}: {error}");
        }

        if (clock.Elapsed > slowest.Time)
        {
            slowest = (file, clock.Elapsed);
        }
    }

    using var self = Process.GetCurrentProcess();
    Console.WriteLine($"{target.Name}: {files.Count} inputs replayed, {failures} failures, peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MiB, slowest {slowest.Time.TotalMilliseconds:0} ms ({Path.GetFileName(slowest.Path)})");
    return failures == 0 ? 0 : 1;
}

IFuzzTarget? Target(string name) => FuzzTargets.Find(name);

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "MLSecOps.sln")))
        {
            return dir.FullName;
        }
    }

    return Environment.GetEnvironmentVariable("MLSECOPS_REPO") ?? Directory.GetCurrentDirectory();
}
