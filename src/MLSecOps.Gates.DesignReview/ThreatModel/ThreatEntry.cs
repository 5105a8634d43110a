namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>One threat of the threat model: its mitigations or why it does not apply.</summary>
/// <param name="Key">The threat key, such as <c>model-theft</c>.</param>
/// <param name="Pointer">Its JSON pointer.</param>
/// <param name="Mitigations">The mitigations.</param>
/// <param name="NotApplicable">The reason it does not apply, if given.</param>
/// <param name="Atlas">The ATLAS ids named, with their pointers.</param>
internal sealed record ThreatEntry(string Key, string Pointer, IReadOnlyList<Mitigation> Mitigations, string? NotApplicable, IReadOnlyList<(string Id, string Pointer)> Atlas)
{
    /// <summary>Gets whether the threat is addressed: mitigated, or reasoned not applicable.</summary>
    public bool IsAddressed => Mitigations.Count > 0 || !string.IsNullOrWhiteSpace(NotApplicable);
}
