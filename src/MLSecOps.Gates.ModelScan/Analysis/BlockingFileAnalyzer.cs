using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>An analyzer that reads its file synchronously: the reading runs on the thread pool so other files go on meanwhile.</summary>
internal abstract class BlockingFileAnalyzer : IModelFileAnalyzer
{
    /// <inheritdoc />
    public abstract IReadOnlyList<RuleDescriptor> Rules { get; }

    /// <inheritdoc />
    public abstract bool Accepts(ModelFileProbe probe);

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(settings);

        // The token is the reader's to observe, so a cancelled scan still ends with the file's incomplete-scan finding.
        return Task.Run(() => Analyze(probe, settings, cancellationToken), CancellationToken.None);
    }

    /// <summary>Reads the file and returns its findings; never throws for bad content.</summary>
    protected abstract IReadOnlyList<Finding> Analyze(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken);
}
