using MLSecOps.Core.Reporting;

namespace MLSecOps.AzureDevOps;

/// <summary>Builds the publishers the CLI registers when it runs in Azure Pipelines.</summary>
public static class AzurePipelinesPublishers
{
    /// <summary>Creates the Azure Pipelines publishers: logging commands always; on a pull-request build with the job token
    /// and an HTTP client, the pull request threads and the per-gate statuses, as the options allow.</summary>
    /// <param name="options">Paths, caps and which pull request outputs to publish.</param>
    /// <param name="writer">The process's standard output, where the agent reads logging commands.</param>
    /// <param name="environment">The pipeline environment, for the pull request.</param>
    /// <param name="http">The HTTP client for the REST calls; the caller owns it.</param>
    /// <param name="apiOptions">Status naming and retries.</param>
    /// <param name="time">The clock for retries.</param>
    /// <returns>The publishers, in the order to run them.</returns>
    public static IReadOnlyList<IFindingPublisher> Create(
        AzurePipelinesOptions options,
        TextWriter writer,
        AzurePipelinesEnvironment? environment = null,
        HttpClient? http = null,
        PullRequestStatusOptions? apiOptions = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writer);
        var publishers = new List<IFindingPublisher> { new AzurePipelinesPublisher(options, writer) };
        if (environment is not null && http is not null && PullRequestStatusTarget.From(environment) is { } target)
        {
            if (options.PullRequestThreads)
            {
                publishers.Add(new PullRequestThreadPublisher(target, http, writer, options.Threads, apiOptions, time));
            }

            if (options.PullRequestStatus)
            {
                publishers.Add(new PullRequestStatusPublisher(target, http, writer, apiOptions, time));
            }
        }

        return publishers;
    }

    /// <summary>Adds the Azure Pipelines publishers (see <see cref="Create"/>) to the CLI's publisher list.</summary>
    /// <param name="publishers">The list.</param>
    /// <param name="options">Paths, caps and which pull request outputs to publish.</param>
    /// <param name="writer">The process's standard output.</param>
    /// <param name="environment">The pipeline environment, for the pull request.</param>
    /// <param name="http">The HTTP client for the REST calls; the caller owns it.</param>
    /// <returns>The list.</returns>
    public static ICollection<IFindingPublisher> AddAzurePipelinesPublishers(
        this ICollection<IFindingPublisher> publishers,
        AzurePipelinesOptions options,
        TextWriter writer,
        AzurePipelinesEnvironment? environment = null,
        HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(publishers);
        foreach (var publisher in Create(options, writer, environment, http))
        {
            publishers.Add(publisher);
        }

        return publishers;
    }
}
