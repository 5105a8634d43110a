using MLSecOps.Core.Reporting;
using MLSecOps.Reporting.Bom;
using MLSecOps.Reporting.Compliance;
using MLSecOps.Reporting.Json;
using MLSecOps.Reporting.Markdown;
using MLSecOps.Reporting.Sarif;

namespace MLSecOps.Reporting;

/// <summary>Registers the local publishers on the CLI's publisher list, in the order they should run.</summary>
public static class PublisherCollectionExtensions
{
    /// <summary>Adds a <see cref="SarifFilePublisher"/>.</summary>
    /// <param name="publishers">The list.</param>
    /// <param name="path">The SARIF file.</param>
    /// <returns>The list.</returns>
    public static ICollection<IFindingPublisher> AddSarifPublisher(this ICollection<IFindingPublisher> publishers, string path) =>
        Add(publishers, new SarifFilePublisher(path));

    /// <summary>Adds a <see cref="JsonFilePublisher"/>.</summary>
    /// <param name="publishers">The list.</param>
    /// <param name="path">The JSON file.</param>
    /// <returns>The list.</returns>
    public static ICollection<IFindingPublisher> AddJsonPublisher(this ICollection<IFindingPublisher> publishers, string path) =>
        Add(publishers, new JsonFilePublisher(path));

    /// <summary>Adds a <see cref="BomFilePublisher"/>.</summary>
    /// <param name="publishers">The list.</param>
    /// <param name="path">The CycloneDX JSON file.</param>
    /// <returns>The list.</returns>
    public static ICollection<IFindingPublisher> AddBomPublisher(this ICollection<IFindingPublisher> publishers, string path) =>
        Add(publishers, new BomFilePublisher(path));

    /// <summary>Adds a <see cref="ComplianceFilePublisher"/>.</summary>
    /// <param name="publishers">The list.</param>
    /// <param name="path">The report file.</param>
    /// <param name="json">Whether to write JSON rather than Markdown.</param>
    /// <returns>The list.</returns>
    public static ICollection<IFindingPublisher> AddCompliancePublisher(this ICollection<IFindingPublisher> publishers, string path, bool json) =>
        Add(publishers, new ComplianceFilePublisher(path, json));

    /// <summary>Adds a <see cref="MarkdownSummaryFilePublisher"/>.</summary>
    /// <param name="publishers">The list.</param>
    /// <param name="path">The Markdown file.</param>
    /// <param name="options">Limits and pointers to the full reports.</param>
    /// <param name="append">Whether to append, as for <c>GITHUB_STEP_SUMMARY</c>.</param>
    /// <returns>The list.</returns>
    public static ICollection<IFindingPublisher> AddMarkdownSummaryPublisher(this ICollection<IFindingPublisher> publishers, string path, MarkdownSummaryOptions? options = null, bool append = false) =>
        Add(publishers, new MarkdownSummaryFilePublisher(path, options, append));

    /// <summary>Adds a <see cref="ConsoleFindingPublisher"/>.</summary>
    /// <param name="publishers">The list.</param>
    /// <param name="writer">Where to print.</param>
    /// <param name="plain">Whether to print without colour.</param>
    /// <param name="verbose">Whether to add each rule's description.</param>
    /// <returns>The list.</returns>
    public static ICollection<IFindingPublisher> AddConsolePublisher(this ICollection<IFindingPublisher> publishers, TextWriter writer, bool plain = true, bool verbose = false) =>
        Add(publishers, new ConsoleFindingPublisher(writer, plain, verbose));

    private static ICollection<IFindingPublisher> Add(ICollection<IFindingPublisher> publishers, IFindingPublisher publisher)
    {
        ArgumentNullException.ThrowIfNull(publishers);
        publishers.Add(publisher);
        return publishers;
    }
}
