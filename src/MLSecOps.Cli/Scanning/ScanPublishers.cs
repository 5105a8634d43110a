using MLSecOps.AzureDevOps;
using MLSecOps.Core.Reporting;
using MLSecOps.GitHub;
using MLSecOps.Reporting;
using MLSecOps.Reporting.Compliance;
using MLSecOps.Reporting.Markdown;

namespace MLSecOps.Cli.Scanning;

/// <summary>Builds the publishers a scan asked for: local files first, then the console, then the platform it runs on.</summary>
internal static class ScanPublishers
{
    /// <summary>Set by the Azure Pipelines task, which sets the task result itself from the exit code.</summary>
    internal const string AzureTaskVariable = "MLSECOPS_AZURE_TASK";

    // One client for the process, as HttpClient is meant to be used; only the Azure pull-request publishers use it.
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(100) };

    public static IReadOnlyList<IFindingPublisher> Create(ScanOptions options, ScanTarget target, CliHost host)
    {
        var sarif = FullPath(options.SarifFile, host);
        var json = FullPath(options.JsonFile, host);
        var summaryOptions = MarkdownSummaryOptions.Default with { SarifPath = options.SarifFile, JsonPath = options.JsonFile, Compliance = options.ComplianceFile is not null };
        var publishers = new List<IFindingPublisher>();
        if (sarif is not null)
        {
            publishers.AddSarifPublisher(sarif);
        }

        if (json is not null)
        {
            publishers.AddJsonPublisher(json);
        }

        if (FullPath(options.BomFile, host) is { } bom)
        {
            publishers.AddBomPublisher(bom);
        }

        if (FullPath(options.ComplianceFile, host) is { } compliance)
        {
            publishers.AddCompliancePublisher(compliance, options.ComplianceFormat is { } format ? format == "json" : ComplianceFilePublisher.IsJsonPath(compliance));
        }

        if (FullPath(options.SummaryFile, host) is { } summary)
        {
            publishers.AddMarkdownSummaryPublisher(summary, summaryOptions);
        }

        publishers.AddConsolePublisher(host.Out, plain: host.IsCi || !host.IsOutputTerminal, verbose: options.Verbose);
        switch (Platform(options.Platform, host))
        {
            case "github":
                publishers.AddRange(GitHubPublishers.Create(
                    GitHubEnvironment.FromVariables(host.VariablesTable()),
                    new GitHubPublishOptions
                    {
                        Annotations = options.Annotations,
                        UploadSarif = options.UploadSarif,
                        CheckRun = options.CheckRun,
                        PullRequestComment = options.PullRequestComment,
                        SarifFile = sarif,
                        StepSummary = report => MarkdownSummaryWriter.ToMarkdown(report, summaryOptions),
                    },
                    host.Out,
                    host.Time));
                break;
            case "azure":
                var environment = AzurePipelinesEnvironment.FromVariables(host.Environment.ToDictionary(e => e.Key, e => (string?)e.Value));
                var shard = options.Shard is { } part ? $"{part.Index}/{part.Count}" : null;
                var scope = (options.Gate ?? "scan") + (options.Shard is { } s ? $"-{s.Index}of{s.Count}" : "");
                var azureDefaults = AzurePipelinesOptions.For(environment, Path.GetTempPath(), sarif, scope);
                var azure = azureDefaults with
                {
                    Summary = azureDefaults.Summary with { Compliance = options.ComplianceFile is not null },
                    Annotations = options.Annotations,
                    PublishSarif = options.PublishSarif,
                    PullRequestStatus = options.PullRequestStatus,
                    PullRequestThreads = options.PullRequestThreads,
                    Threads = new PullRequestThreadOptions { MaxThreads = options.PullRequestThreadLimit, Shard = shard },
                    CompleteTask = host.Variable(AzureTaskVariable) is null,
                };
                publishers.AddAzurePipelinesPublishers(azure, host.Out, environment, s_http);
                break;
        }

        return publishers;
    }

    /// <summary>Returns github, azure or none: an explicit choice wins, auto detects the CI system from its variables.</summary>
    internal static string Platform(string requested, CliHost host) => requested switch
    {
        "auto" when string.Equals(host.Variable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase) => "github",
        "auto" when string.Equals(host.Variable("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase) => "azure",
        "auto" => "none",
        _ => requested,
    };

    private static string? FullPath(string? path, CliHost host) => path is null ? null : Path.GetFullPath(Path.Combine(host.WorkingDirectory, path));
}
