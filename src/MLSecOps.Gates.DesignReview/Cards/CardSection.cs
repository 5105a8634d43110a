namespace MLSecOps.Gates.DesignReview.Cards;

/// <summary>One Markdown section of a card: its heading and the text up to the next heading of the same or a higher level.</summary>
/// <param name="Title">The heading text.</param>
/// <param name="Level">The heading level (1 for <c>#</c>).</param>
/// <param name="Line">The 1-based line of the heading.</param>
/// <param name="Body">The section's text, sub-sections included.</param>
internal sealed record CardSection(string Title, int Level, int Line, string Body)
{
    /// <summary>Returns whether the title names one of <paramref name="names"/> (case-insensitive, ignoring punctuation).</summary>
    /// <param name="names">Accepted titles.</param>
    /// <returns>Whether it matches.</returns>
    public bool IsOneOf(params string[] names) => names.Any(n => Normalise(Title).Contains(Normalise(n), StringComparison.Ordinal));

    private static string Normalise(string text) => new([.. text.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
}
