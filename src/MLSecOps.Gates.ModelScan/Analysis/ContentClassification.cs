namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>What one file or archive member is, decided once and carried to every analyzer, the mismatch check and the lock check.</summary>
/// <param name="Kind">The content kind, decided by the readers that scan it.</param>
/// <param name="FileName">The lower-case name of the file or member, a hint only.</param>
/// <param name="InModelFolder">Whether the file sits in a folder that holds files named like models.</param>
internal sealed record ContentClassification(ModelContentKind Kind, string FileName, bool InModelFolder = false)
{
    /// <summary>Gets whether the name claims a model (or model container) format.</summary>
    public bool ModelName => ModelFileNames.IsModelName(FileName);

    /// <summary>Gets whether something must be said about the file even if no analyzer reads it: a model name or a model folder.</summary>
    public bool InModelScope => ModelName || InModelFolder;

    /// <summary>Gets whether the content is an archive or compression wrapper.</summary>
    public bool IsContainer => ModelContentClassifier.IsContainer(Kind);
}
