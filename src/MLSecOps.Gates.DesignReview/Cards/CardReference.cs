namespace MLSecOps.Gates.DesignReview.Cards;

/// <summary>A card the gate expects (model or data set), what it covers, and what reading it gave.</summary>
/// <param name="Path">The repository-relative card path.</param>
/// <param name="Covers">The repository-relative folders of the models or data sets it documents.</param>
/// <param name="FirstArtifact">A file it covers, where a missing card is reported.</param>
/// <param name="Document">The parsed card, or <see langword="null"/> when missing or unreadable.</param>
/// <param name="ReadError">Why the card could not be read (too large, not text), if so.</param>
internal sealed record CardReference(string Path, IReadOnlyList<string> Covers, string FirstArtifact, CardDocument? Document, string? ReadError)
{
    /// <summary>Gets whether the card file is missing.</summary>
    public bool IsMissing => Document is null && ReadError is null;
}
