using MLSecOps.Core.Reporting;

namespace MLSecOps.AzureDevOps;

/// <summary>Builds the publishers the CLI registers when it runs in Azure Pipelines.</summary>
public static class AzurePipelinesPublishers
{
    /// <summary>Creates the Azure Pipelines publishers.</summary>
    /// <param name="options">Paths and caps.</param>
    /// <param name="writer">The process's standard output, where the agent reads logging commands.</param>
    /// <returns>The publishers, in the order to run them.</returns>
    public static IReadOnlyList<IFindingPublisher> Create(AzurePipelinesOptions options, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writer);
        return [new AzurePipelinesPublisher(options, writer)];
    }
}
