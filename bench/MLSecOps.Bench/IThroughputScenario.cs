namespace MLSecOps.Bench;

/// <summary>A throughput measurement: generates its corpus once, then scans it in a fresh process.</summary>
internal interface IThroughputScenario
{
    /// <summary>Gets the name used on the command line.</summary>
    string Name { get; }

    /// <summary>Gets what is measured and the target.</summary>
    string Description { get; }

    /// <summary>Writes the corpus into <paramref name="directory"/> (called only when it is missing).</summary>
    Task GenerateAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Scans the corpus and returns how many files and bytes were scanned and how many findings came out.</summary>
    Task<ScanTally> ScanAsync(string directory, CancellationToken cancellationToken);
}

/// <summary>What one measured scan covered.</summary>
internal sealed record ScanTally(int Files, long Bytes, int Findings);
