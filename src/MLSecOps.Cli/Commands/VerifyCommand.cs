using System.CommandLine;
using MLSecOps.Cli.Scanning;
using MLSecOps.Core.Policy;

namespace MLSecOps.Cli.Commands;

/// <summary>The <c>verify</c> verb: checks models and data about to be deployed against the lock file and model signatures, for
/// release pipelines and scheduled jobs. Exit 0 verified, 1 verification failed, 2 usage or configuration error.</summary>
internal static class VerifyCommand
{
    public static Command Create(CompositionRoot root)
    {
        var command = new Command(
            "verify",
            "Verify models and data before deployment: every model and data file against the lock file (SHA-256, size; changed, missing, added) "
            + "and every model.sig signature (signer, file digests). Content is not analysed. Blocks on any finding at low or above unless --fail-on says otherwise. "
            + "Exit codes: 0 verified, 1 verification failed, 2 usage or configuration error.");
        var arguments = new ScanArguments();
        arguments.AddTo(command);
        var sarif = new Option<string?>("--sarif") { Description = "Write SARIF 2.1.0 here." };
        var json = new Option<string?>("--json") { Description = "Write findings and the decision as JSON here." };
        var summary = new Option<string?>("--summary") { Description = "Write a Markdown summary here." };
        var platform = new Option<string>("--platform")
        {
            HelpName = "auto|github|azure|none",
            Description = "Where to write annotations: auto (detects GITHUB_ACTIONS / TF_BUILD), github, azure or none.",
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
                // A release gate publishes to its own log only: no code-scanning upload, check runs or pull-request threads.
                var options = arguments.Bind(parse, null) with
                {
                    Verify = true,
                    SarifFile = parse.GetValue(sarif),
                    JsonFile = parse.GetValue(json),
                    SummaryFile = parse.GetValue(summary),
                    Platform = parse.GetValue(platform) ?? "auto",
                    UploadSarif = false,
                    CheckRun = false,
                    PublishSarif = false,
                    PullRequestStatus = false,
                    PullRequestThreads = false,
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
