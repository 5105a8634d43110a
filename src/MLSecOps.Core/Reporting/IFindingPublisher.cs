namespace MLSecOps.Core.Reporting;

/// <summary>Publishes a finished scan somewhere: a file, the console, a pipeline or an API.</summary>
public interface IFindingPublisher
{
    /// <summary>Gets a short name for error messages, such as <c>sarif</c> or <c>github-annotations</c>.</summary>
    string Name { get; }

    /// <summary>Gets whether a failure of this publisher is a user-visible error (exit 2) rather than a warning.</summary>
    /// <remarks>Local outputs the user asked for are required; remote API calls are not and never flip the decision.</remarks>
    bool IsRequired { get; }

    /// <summary>Publishes the report.</summary>
    /// <param name="report">The finished scan.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the report is published.</returns>
    Task PublishAsync(ScanReport report, CancellationToken cancellationToken);
}
