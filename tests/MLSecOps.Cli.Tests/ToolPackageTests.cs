using System.Diagnostics;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>The CLI ships as a .NET tool: packed, installed from a local folder, and run as <c>mlsecops</c>.</summary>
public sealed class ToolPackageTests
{
    [Test]
    public void Pack_InstallIntoToolPath_RunsMlsecopsVersion()
    {
        // Given the tool packed from the build this test runs after (no rebuild), and a NuGet config with only that folder
        using var temp = new TempDirectory();
        var packages = Path.Combine(temp.Path, "packages");
        var project = Path.Combine(FixturePaths.RepositoryRoot, "src", "MLSecOps.Cli", "MLSecOps.Cli.csproj");
        Run("dotnet", temp.Path, "pack", project, "-c", BuildConfiguration(), "--no-build", "-o", packages);
        var package = Directory.GetFiles(packages, "mlsecops.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(package)["mlsecops.".Length..];
        temp.Write("nuget.config", $"<configuration><packageSources><clear /><add key=\"local\" value=\"{packages}\" /></packageSources></configuration>");

        // When it is installed into a tool path, as `dotnet tool install -g` would into ~/.dotnet/tools
        var tools = Path.Combine(temp.Path, "tools");
        Run("dotnet", temp.Path, "tool", "install", "mlsecops", "--tool-path", tools, "--version", version, "--configfile", Path.Combine(temp.Path, "nuget.config"));

        // Then the command is there and reports the package's version
        var output = Run(Path.Combine(tools, "mlsecops"), temp.Path, "--version");
        Assert.That(output.Trim(), Does.StartWith(version));
    }

    /// <summary>Release or Debug: the configuration this test assembly (and so the CLI beside it) was built in.</summary>
    private static string BuildConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar);
        return parts[Array.LastIndexOf(parts, "bin") + 1];
    }

    private static string Run(string file, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A private package cache: the shared one may hold an older build under the same version.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(workingDirectory, "nuget-cache");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{Path.GetFileName(file)} {string.Join(' ', arguments)}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
