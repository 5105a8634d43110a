using System.Collections;

namespace MLSecOps.GitHub;

/// <summary>Turns a docker action's inputs (<c>INPUT_&lt;NAME&gt;</c> variables) into CLI arguments.</summary>
/// <remarks>
/// The runner passes each input upper-cased with hyphens kept (<c>INPUT_FAIL-ON</c>). An argument given
/// explicitly on the command line always wins; empty inputs are ignored.
/// </remarks>
public static class GitHubInputs
{
    /// <summary>Returns the arguments to append for inputs whose option was not given explicitly.</summary>
    /// <param name="optionNames">The CLI's option names, such as <c>--fail-on</c>.</param>
    /// <param name="arguments">The arguments given on the command line.</param>
    /// <param name="variables">The environment variables; nothing is returned unless <c>GITHUB_ACTIONS</c> is <c>true</c>.</param>
    /// <returns>Pairs of option name and value, in the order of <paramref name="optionNames"/>.</returns>
    public static IReadOnlyList<string> ExtraArguments(IEnumerable<string> optionNames, IReadOnlyCollection<string> arguments, IDictionary variables)
    {
        ArgumentNullException.ThrowIfNull(optionNames);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(variables);
        if (!IsGitHubActions(variables))
        {
            return [];
        }

        var extra = new List<string>();
        foreach (var option in optionNames)
        {
            var name = option.TrimStart('-');
            if (name.Length == 0 || IsGiven(option, arguments) || Input(variables, name) is not { } value)
            {
                continue;
            }

            extra.Add(option);
            extra.Add(value);
        }

        return extra;
    }

    /// <summary>Returns the action's <c>path</c> input, for the CLI's positional PATH argument when it is not given.</summary>
    /// <param name="variables">The environment variables.</param>
    /// <returns>The path, or <see langword="null"/> outside GitHub Actions or when the input is empty.</returns>
    public static string? Path(IDictionary variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return IsGitHubActions(variables) ? Input(variables, "path") : null;
    }

    private static bool IsGitHubActions(IDictionary variables) =>
        string.Equals(variables["GITHUB_ACTIONS"] as string, "true", StringComparison.OrdinalIgnoreCase);

    private static string? Input(IDictionary variables, string name) =>
        variables["INPUT_" + name.ToUpperInvariant()] is string value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static bool IsGiven(string option, IReadOnlyCollection<string> arguments) =>
        arguments.Any(a => a == option || a.StartsWith(option + "=", StringComparison.Ordinal) || a.StartsWith(option + ":", StringComparison.Ordinal));
}
