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
        var bom = new Option<string?>("--bom") { Description = "Write the ML bill of materials here: CycloneDX 1.6 JSON of the models, data sets and serving images, with the findings as vulnerabilities." };
        var compliance = new Option<string?>("--compliance") { Description = "Write the compliance report here: OWASP LLM and ML Top 10, MITRE ATLAS and NIST AI RMF controls with their status (Markdown; JSON for a .json file)." };
        var complianceFormat = new Option<string?>("--compliance-format")
        {
            HelpName = "markdown|json",
            Description = "Format of the --compliance file: markdown or json (default: json for a .json file, else markdown).",
        }.AcceptOnlyFromAmong("markdown", "json");
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Add each rule's description (why it matters) to the findings on the console." };
        var platform = new Option<string>("--platform")
        {
            HelpName = "auto|github|azure|none",
            Description = "Where to publish annotations: auto (detects GITHUB_ACTIONS / TF_BUILD), github, azure or none.",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "github", "azure", "none");
        var annotations = Toggle("--annotations", "Write the most severe findings as workflow annotations (GitHub) or task issues (Azure Pipelines).", true);
        var uploadSarif = Toggle("--upload-sarif", "On GitHub: upload the SARIF file to code scanning (needs security-events: write).", true);
        var checkRun = Toggle("--check-run", "On GitHub: publish one check run per gate with every finding (needs checks: write).", true);
        var prComment = Toggle("--pr-comment", "On GitHub: keep one sticky pull-request comment per gate while it blocks.", false);
        var publishSarif = Toggle("--publish-sarif", "On Azure Pipelines: publish the SARIF file in the CodeAnalysisLogs build artifact (the Scans tab).", true);
        var prStatus = Toggle("--pr-status", "On Azure Pipelines: post one pull request status per gate (mlsecops/<gate>).", true);
        var prThreads = Toggle("--pr-threads", "On Azure Pipelines: keep one pull request thread per blocking finding on its file and line.", true);
        var prThreadLimit = new Option<int>("--pr-thread-limit")
        {
            Description = "On Azure Pipelines: how many pull request threads one run creates or updates; the rest go in one summary thread (default 20).",
            DefaultValueFactory = _ => 20,
        };
        prThreadLimit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--pr-thread-limit must be 0 or more");
            }
        });
        command.Options.Add(sarif);
        command.Options.Add(json);
        command.Options.Add(summary);
        command.Options.Add(bom);
        command.Options.Add(compliance);
        command.Options.Add(complianceFormat);
        command.Options.Add(platform);
        command.Options.Add(verbose);
        command.Options.Add(annotations);
        command.Options.Add(uploadSarif);
        command.Options.Add(checkRun);
        command.Options.Add(prComment);
        command.Options.Add(publishSarif);
        command.Options.Add(prStatus);
        command.Options.Add(prThreads);
        command.Options.Add(prThreadLimit);
        var writeLock = new Option<bool>("--write-lock") { Description = "Before scanning, record the SHA-256 and size of every model file (model-scan) and data file (data-check) in the one lock file (gates.model-scan.lockfile or gates.data-check.lockfile)." };
        if (gate is null or "model-scan" or "data-check")
        {
            command.Options.Add(writeLock);
        }

        var writeProfile = new Option<bool>("--write-profile") { Description = "Before scanning, record the approved profile of every tabular data set (rows, schema, null rates, labels, label rate per sensitive group) in gates.data-check.baseline-profile." };
        if (gate == "data-check")
        {
            command.Options.Add(writeProfile);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = arguments.Bind(parse, gate) with
                {
                    SarifFile = parse.GetValue(sarif),
                    JsonFile = parse.GetValue(json),
                    SummaryFile = parse.GetValue(summary),
                    BomFile = parse.GetValue(bom),
                    ComplianceFile = parse.GetValue(compliance),
                    ComplianceFormat = parse.GetValue(complianceFormat),
                    Platform = parse.GetValue(platform) ?? "auto",
                    Verbose = parse.GetValue(verbose),
                    Annotations = parse.GetValue(annotations),
                    UploadSarif = parse.GetValue(uploadSarif),
                    CheckRun = parse.GetValue(checkRun),
                    PullRequestComment = parse.GetValue(prComment),
                    PublishSarif = parse.GetValue(publishSarif),
                    PullRequestStatus = parse.GetValue(prStatus),
                    PullRequestThreads = parse.GetValue(prThreads),
                    PullRequestThreadLimit = parse.GetValue(prThreadLimit),
                    WriteLock = (gate is null or "model-scan" or "data-check") && parse.GetValue(writeLock),
                    WriteProfile = gate == "data-check" && parse.GetValue(writeProfile),
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

    private static Option<bool> Toggle(string name, string description, bool defaultValue) =>
        new(name) { Description = $"{description} true or false (default {defaultValue.ToString().ToLowerInvariant()}).", DefaultValueFactory = _ => defaultValue };
}
