using MLSecOps.Core.Reporting;

namespace MLSecOps.Cli.Scanning;

/// <summary>Builds the publishers a scan asked for: local files first, then the console, then the platform.</summary>
internal static class ScanPublishers
{
    public static IReadOnlyList<IFindingPublisher> Create(ScanOptions options, ScanTarget target, CliHost host) => [];
}
