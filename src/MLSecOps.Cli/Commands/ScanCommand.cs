using System.CommandLine;
using MLSecOps.Cli.Scanning;
using MLSecOps.Core.Policy;

namespace MLSecOps.Cli.Commands;

/// <summary>The <c>scan</c> verb and one verb per gate: scan, decide, publish, exit 0/1/2.</summary>
internal static class ScanCommand
{
    public static Command Create(string name, string? gate, string description, CompositionRoot root)
    {
        var command = new Command(name, description);
        var arguments = new ScanArguments();
        arguments.AddTo(command);
        var sarif = new Option<string?>("--sarif") { Description = "Write SARIF 2.1.0 here (one run per gate)." };
        var json = new Option<string?>("--json") { Description = "Write findings and the decision as JSON here." };
        var summary = new Option<string?>("--summary") { Description = "Write a Markdown summary here." };
        var platform = new Option<string>("--platform")
        {
            Description = "Where to publish annotations: auto (detects GITHUB_ACTIONS / TF_BUILD), github, azure or none.",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "github", "azure", "none");
        command.Options.Add(sarif);
        command.Options.Add(json);
        command.Options.Add(summary);
        command.Options.Add(platform);

        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = arguments.Bind(parse, gate) with
                {
                    SarifFile = parse.GetValue(sarif),
                    JsonFile = parse.GetValue(json),
                    SummaryFile = parse.GetValue(summary),
                    Platform = parse.GetValue(platform) ?? "auto",
                };
                return await new ScanPipeline(root).RunAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (PolicyException ex)
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });
        return command;
    }
}
