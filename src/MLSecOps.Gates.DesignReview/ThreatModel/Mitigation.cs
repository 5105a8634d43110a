namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>One mitigation of a threat.</summary>
/// <param name="Description">What is done.</param>
/// <param name="Owner">Who is accountable.</param>
/// <param name="Status">planned, implemented or verified.</param>
/// <param name="VerifiedBy">Rule ids of this tool that check it.</param>
/// <param name="Pointer">Its JSON pointer.</param>
internal sealed record Mitigation(string? Description, string? Owner, string? Status, IReadOnlyList<string> VerifiedBy, string Pointer);
