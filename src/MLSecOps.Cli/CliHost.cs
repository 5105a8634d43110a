using System.Collections;

namespace MLSecOps.Cli;

/// <summary>Everything the CLI takes from the process: environment, console, working folder and clock; tests pass their own.</summary>
public sealed record CliHost
{
    /// <summary>Gets the environment variables.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Gets standard output: findings, and workflow commands in pipelines.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Gets standard error: progress and error messages.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Gets the folder relative paths are resolved against.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Gets whether a person is watching a terminal (progress and colour allowed).</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Gets whether standard output is a terminal (colour and tables allowed); false when it goes to a file or pipe.</summary>
    public bool IsOutputTerminal { get; init; }

    /// <summary>Gets whether the run is inside a CI system.</summary>
    public bool IsCi => IsSet("CI") || IsSet("GITHUB_ACTIONS") || IsSet("TF_BUILD");

    /// <summary>Returns an environment variable, or <see langword="null"/> when unset or empty.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public string? Variable(string name) => Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Returns the environment as the non-generic dictionary that <c>Environment.GetEnvironmentVariables()</c> returns.</summary>
    /// <returns>A copy of the variables.</returns>
    public IDictionary VariablesTable() => new Hashtable(Environment.ToDictionary(e => e.Key, e => e.Value));

    /// <summary>Builds the host of the real process.</summary>
    /// <returns>The host.</returns>
    public static CliHost FromProcess()
    {
        var variables = System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        return new CliHost
        {
            Environment = variables,
            Out = Console.Out,
            Error = Console.Error,
            WorkingDirectory = System.Environment.CurrentDirectory,
            IsInteractive = !Console.IsErrorRedirected,
            IsOutputTerminal = !Console.IsOutputRedirected,
        };
    }

    private bool IsSet(string name) => Variable(name) is { } value && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
