using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>What the gate said about one file: its classification, its findings and the readers that cleared it.</summary>
/// <param name="File">The file.</param>
/// <param name="Content">Its classification.</param>
/// <param name="Findings">Its findings.</param>
/// <param name="ReadBy">The readers that read it to a verdict; a file with no findings is clean only if one did.</param>
internal sealed record FileReport(ScanFile File, ContentClassification? Content, IReadOnlyList<Finding> Findings, IReadOnlyList<string> ReadBy)
{
    /// <summary>Gets whether the file was read to the end and nothing was found.</summary>
    public bool Clean => Findings.Count == 0 && ReadBy.Count > 0;
}
