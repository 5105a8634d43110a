using System.Diagnostics;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>Runs the built CLI as a child process, so a crash that no catch can stop (a stack overflow) fails the test instead of the test run.</summary>
/// <remarks>With <c>MLSECOPS_CLI</c> set to an executable (the NativeAOT binary: build.cake AotTest), that executable runs instead of
/// <c>dotnet mlsecops.dll</c>, so the same tests judge the trimmed native build.</remarks>
internal static class CliProcess
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(5);

    /// <summary>Gets the executable <c>MLSECOPS_CLI</c> names, or <see langword="null"/> when the tests run the framework-dependent build.</summary>
    public static string? NativeExecutable => Environment.GetEnvironmentVariable("MLSECOPS_CLI") is { Length: > 0 } cli ? cli : null;

    public static Task<CliRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    /// <summary>Runs the CLI with <paramref name="environment"/> added to the test process's own (CI variables removed first).</summary>
    public static Task<CliRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartAsync(NativeExecutable is { } native ? NativeStartInfo(native) : FrameworkDependentStartInfo(), workingDirectory, environment, args);

    /// <summary>Runs <c>dotnet mlsecops.dll</c> whatever <c>MLSECOPS_CLI</c> says: the reference the native binary is compared with.</summary>
    public static Task<CliRun> RunFrameworkDependentAsync(string workingDirectory, params string[] args) =>
        StartAsync(FrameworkDependentStartInfo(), workingDirectory, null, args);

    private static ProcessStartInfo NativeStartInfo(string native) =>
        new(File.Exists(native) ? native : throw new FileNotFoundException($"MLSECOPS_CLI names {native}, which does not exist"));

    private static ProcessStartInfo FrameworkDependentStartInfo() =>
        new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet") { ArgumentList = { CliAssembly() } };

    private static async Task<CliRun> StartAsync(ProcessStartInfo info, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Outside any CI, whatever runs the tests: plain console output, no platform commands.
        foreach (var variable in new[] { "GITHUB_ACTIONS", "TF_BUILD", "GITHUB_WORKSPACE", "BUILD_SOURCESDIRECTORY" })
        {
            info.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(s_limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mlsecops {string.Join(' ', args)} did not finish within {s_limit.TotalMinutes} minutes");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Returns the CLI in its own build output (bin/Debug or bin/Release, like the tests), whose deps file resolves its packages.</summary>
    private static string CliAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(FixturePaths.RepositoryRoot, "src", "MLSecOps.Cli", "bin", configuration, "net10.0", "mlsecops.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the CLI first: {path} is missing");
    }
}
