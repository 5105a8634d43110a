using System.Diagnostics;
using MLSecOps.TestKit;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>Runs the repository's Node tooling (tasks/*.mjs, node_modules installed by <c>npm ci</c>, which <c>dotnet cake</c> runs first).</summary>
internal static class NodeTools
{
    public static string Node { get; } = OnPath("node") ?? throw new InvalidOperationException("node is not on PATH; the Azure DevOps task tests need Node 20 or later");

    public static string Dotnet { get; } = OnPath("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");

    /// <summary>Gets the CLI build the tests run: src/MLSecOps.Cli/bin/&lt;configuration&gt;/net10.0, built with this project.</summary>
    public static string CliBuild { get; } = Path.Combine(
        FixturePaths.RepositoryRoot, "src", "MLSecOps.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0");

    public static void RequireNodeModules()
    {
        if (!Directory.Exists(Path.Combine(FixturePaths.RepositoryRoot, "node_modules", "esbuild")))
        {
            Assert.Fail("node_modules is missing: run `npm ci` in the repository root (dotnet cake does it in NpmTools)");
        }
    }

    /// <summary>Runs a process to its end and returns its exit code and output.</summary>
    public static (int ExitCode, string Out, string Error) Run(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, bool clearEnvironment = false)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? FixturePaths.RepositoryRoot,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (clearEnvironment)
        {
            start.Environment.Clear();
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Returns the version the CLI build reports, such as <c>0.1.0</c>.</summary>
    public static string CliVersion()
    {
        var (code, stdout, stderr) = Run(Dotnet, [Path.Combine(CliBuild, "mlsecops.dll"), "--version"]);
        Assert.That(code, Is.Zero, stderr);
        return stdout.Trim().Split('+')[0];
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
