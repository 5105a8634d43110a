using MLSecOps.Core.Gates;

namespace MLSecOps.Cli.Tests;

/// <summary>Runs the whole CLI in-process with a given environment and captures its output.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static Task<CliRun> InvokeAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<IGate>? gates, params string[] args) =>
        InvokeAsync(workingDirectory, environment, gates, false, args);

    /// <summary>Runs the CLI as if standard output were a terminal (<paramref name="terminal"/>) or a file.</summary>
    public static async Task<CliRun> InvokeAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<IGate>? gates, bool terminal, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var host = new CliHost
        {
            Environment = environment ?? new Dictionary<string, string>(),
            Out = stdout,
            Error = stderr,
            WorkingDirectory = workingDirectory,
            IsOutputTerminal = terminal,
        };
        var code = await CliApplication.RunAsync(args, host, root =>
        {
            if (gates is not null)
            {
                root.Gates = gates;
            }
        });
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
