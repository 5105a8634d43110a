namespace MLSecOps.Core.Inventory;

/// <summary>One mitigation the threat model records: the evidence a compliance view shows next to the controls it answers.</summary>
/// <param name="Threat">The threat key, such as <c>model-theft</c>.</param>
/// <param name="Atlas">The MITRE ATLAS technique ids the threat model names for the threat.</param>
/// <param name="Description">What is done.</param>
/// <param name="Owner">Who is accountable, if named.</param>
/// <param name="Status">planned, implemented or verified, if given.</param>
/// <param name="VerifiedBy">Rule ids of this tool that check the mitigation.</param>
/// <param name="Path">The repository-relative threat model file.</param>
public sealed record ThreatMitigation(
    string Threat,
    IReadOnlyList<string> Atlas,
    string Description,
    string? Owner,
    string? Status,
    IReadOnlyList<string> VerifiedBy,
    string Path);
