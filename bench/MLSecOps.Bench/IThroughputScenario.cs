namespace MLSecOps.Bench;

/// <summary>A throughput measurement of the CLI as users run it: a corpus (generated once) and the command line.</summary>
internal interface IThroughputScenario
{
    /// <summary>Gets the name used on the command line.</summary>
    string Name { get; }

    /// <summary>Gets what is measured and the target.</summary>
    string Description { get; }

    /// <summary>Returns the folder the command reads, generating it under <paramref name="corpusRoot"/> when missing.</summary>
    Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken);

    /// <summary>Returns the CLI arguments for one run over <paramref name="folder"/>; <paramref name="scratch"/> is a folder for output files.</summary>
    IReadOnlyList<string> Arguments(string folder, string scratch);
}
