using System.CommandLine;
using System.CommandLine.Parsing;
using MLSecOps.Core.Policy;
using MLSecOps.GitHub;
using MLSecOps.Cli.Commands;

namespace MLSecOps.Cli;

/// <summary>Builds the command tree and runs it, mapping every outcome to an exit code.</summary>
public static class CliApplication
{
    /// <summary>The options a GitHub docker action passes as <c>INPUT_&lt;NAME&gt;</c> (see action.yml).</summary>
    public static IReadOnlyList<string> ActionInputOptions { get; } =
        ["--policy", "--fail-on", "--baseline", "--sarif", "--upload-sarif", "--check-run", "--annotations", "--pr-comment", "--shard"];

    /// <summary>The options the Azure Pipelines tasks pass explicitly, one per task input (tasks/generate-tasks.mjs).</summary>
    public static IReadOnlyList<string> AzureTaskInputOptions { get; } =
        ["--policy", "--fail-on", "--baseline", "--shard", "--sarif", "--publish-sarif", "--annotations", "--pr-status", "--pr-threads", "--pr-thread-limit"];

    /// <summary>Runs the CLI.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="host">The process environment.</param>
    /// <param name="overrides">Changes to the registrations, for tests.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliHost host, Action<CompositionRoot>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var root = new CompositionRoot(host);
        overrides?.Invoke(root);
        var command = BuildRootCommand(root);
        var parse = command.Parse([.. args, .. ActionInputs(args, host, root)]);
        if (parse.Errors.Count > 0)
        {
            var message = UnknownName(parse) ?? string.Join(' ', parse.Errors[0].Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
            await host.Error.WriteLineAsync($"mlsecops: {message} (see '{HelpCommand(parse)} --help')").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var invocation = new InvocationConfiguration { Output = host.Out, Error = host.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The last line of defence: one line and exit 2, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await host.Error.WriteLineAsync($"mlsecops: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
    }

    /// <summary>For a mistyped verb or option, names it and the nearest valid one; <see langword="null"/> for other errors.</summary>
    private static string? UnknownName(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        // A mistyped option can also land in PATH ("scan --verbos"); the PATH validator rejects it and it is named here.
        var misplaced = parse.Tokens.Where(t => t.Type == TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal)).Select(t => t.Value);
        foreach (var token in misplaced.Concat(parse.UnmatchedTokens))
        {
            if (token.StartsWith('-'))
            {
                var options = command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
                    .SelectMany(o => o.Aliases.Prepend(o.Name))
                    .Where(n => n.StartsWith("--", StringComparison.Ordinal))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                return $"unknown option '{token}'{NearestName.Hint(token, options)}";
            }

            if (command.Subcommands.Count > 0)
            {
                return $"unknown command '{token}'{NearestName.Hint(token, command.Subcommands.Select(c => c.Name))}";
            }
        }

        return null;
    }

    private static string HelpCommand(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "mlsecops" : $"mlsecops {parse.CommandResult.Command.Name}";

    /// <summary>Under GitHub Actions, the docker action's inputs (<c>INPUT_*</c>) for options not given explicitly.</summary>
    private static IReadOnlyList<string> ActionInputs(string[] args, CliHost host, CompositionRoot root)
    {
        var scanVerbs = root.Gates.Select(g => g.Name).Append("scan");
        if (args.Length == 0 || !scanVerbs.Contains(args[0]))
        {
            return [];
        }

        return GitHubInputs.ExtraArguments(ActionInputOptions, args, host.VariablesTable());
    }

    private static RootCommand BuildRootCommand(CompositionRoot root)
    {
        var command = new RootCommand(
            "MLSecOps Gates: security gates for ML repositories (design, data, model and deployment).\n\n"
            + "Examples:\n"
            + "  mlsecops scan .                                   every enabled gate on this repository\n"
            + "  mlsecops model-scan models/ --sarif model.sarif   one gate, SARIF for code scanning\n"
            + "  mlsecops scan --fail-on critical --summary s.md    block only on critical findings\n"
            + "  mlsecops verify .                                 models and data against the lock file and signatures\n"
            + "  mlsecops rules --format markdown                  the rule catalogue\n\n"
            + "Exit codes: 0 passed, 1 blocked by policy, 2 usage or configuration error.");
        command.Subcommands.Add(ScanCommand.Create("scan", null, "Run every enabled gate.", root));
        foreach (var gate in root.Gates)
        {
            command.Subcommands.Add(ScanCommand.Create(gate.Name, gate.Name, $"Run the {gate.Name} gate ({gate.Stage} stage): {gate.Description}.", root));
        }

        command.Subcommands.Add(VerifyCommand.Create(root));
        command.Subcommands.Add(RulesCommand.Create(root));
        command.Subcommands.Add(InitCommand.Create(root));
        command.Subcommands.Add(BaselineCommand.Create(root));
        return command;
    }
}
