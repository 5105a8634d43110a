using MLSecOps.Core.Reporting;
using MLSecOps.GitHub.Api;
using MLSecOps.GitHub.Workflow;

namespace MLSecOps.GitHub;

/// <summary>Creates the GitHub publishers for a run, in the order they must run.</summary>
public static class GitHubPublishers
{
    /// <summary>Masks the token in the log, then creates the publishers the options ask for.</summary>
    /// <param name="environment">The run's environment (see <see cref="GitHubEnvironment.FromVariables"/>).</param>
    /// <param name="options">What to publish.</param>
    /// <param name="stdout">The step's standard output, where workflow commands go.</param>
    /// <param name="time">The clock for retries, polling and check-run times.</param>
    /// <returns>
    /// In order: step outputs and job summary, annotations, code-scanning upload, check runs, pull-request comment.
    /// Run them after the SARIF file publisher. The API publishers are not required and never throw for API failures.
    /// </returns>
    public static IReadOnlyList<IFindingPublisher> Create(GitHubEnvironment environment, GitHubPublishOptions options, TextWriter stdout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(time);
        if (environment.Token is { Length: > 0 } token)
        {
            // Before anything else is printed: GitHub masks secrets it knows, but an input token may not be one.
            stdout.WriteLine(WorkflowCommand.AddMask(token).ToString());
        }

        var publishers = new List<IFindingPublisher>
        {
            new GitHubStepOutputsPublisher(
                new GitHubEnvironmentFiles(environment.StepSummaryPath, environment.OutputPath, options.Delimiters),
                options.StepSummary,
                WorkspaceRelative(options.SarifFile, environment.Workspace),
                stdout),
        };
        // Each API publisher writes at most one notice or warning; keep room for them after the findings.
        var apiPublishers = (options.UploadSarif && options.SarifFile is not null ? 1 : 0) + (options.CheckRun ? 1 : 0) + (options.PullRequestComment ? 1 : 0);
        if (options.Annotations)
        {
            publishers.Add(new GitHubAnnotationPublisher(stdout, options.SarifFile is null ? "the job summary" : "the job summary and code scanning", apiPublishers));
        }

        var api = options.UploadSarif || options.CheckRun || options.PullRequestComment
            ? GitHubApi.For(environment, GitHubRetryPipeline.Create(options.Retry, time))
            : null;
        if (options.UploadSarif && options.SarifFile is { } sarif)
        {
            publishers.Add(new CodeScanningUploadPublisher(api, environment, sarif, SarifUploadLimits.GitHub, options, stdout, time));
        }

        if (options.CheckRun)
        {
            publishers.Add(new CheckRunPublisher(api, environment, options.MaxCheckRunAnnotations, stdout, time));
        }

        if (options.PullRequestComment)
        {
            publishers.Add(new PullRequestCommentPublisher(api, environment, stdout));
        }

        return publishers;
    }

    /// <summary>Returns <paramref name="path"/> relative to the workspace when it is inside it.</summary>
    /// <param name="path">The path the CLI wrote.</param>
    /// <param name="workspace">The workspace, such as <c>/github/workspace</c>.</param>
    /// <returns>The path later steps can use: inside a docker action, absolute paths name the container's file system.</returns>
    internal static string? WorkspaceRelative(string? path, string? workspace)
    {
        if (path is null || workspace is null || !Path.IsPathFullyQualified(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(workspace, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? path : relative.Replace('\\', '/');
    }
}
