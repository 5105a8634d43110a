using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Analyses one family of model formats; the gate offers each file to its analyzers in order.</summary>
internal interface IModelFileAnalyzer
{
    /// <summary>Gets the rules this analyzer can report.</summary>
    IReadOnlyList<RuleDescriptor> Rules { get; }

    /// <summary>Gets whether the analyzer records in <see cref="ModelFileProbe.Verdict"/> itself whether it read the file; otherwise finishing counts as reading it.</summary>
    bool RecordsOwnVerdict => false;

    /// <summary>Decides from the file's first bytes (and, as a hint only, its name) whether it is this analyzer's format.</summary>
    bool Accepts(ModelFileProbe probe);

    /// <summary>Analyses the file without executing or deserialising it; never throws for bad content.</summary>
    Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken);
}
