namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>One Dockerfile instruction, continuation lines and heredoc bodies joined, with its physical lines kept for locations.</summary>
/// <param name="Keyword">The upper-case keyword, such as <c>RUN</c>.</param>
/// <param name="Arguments">Everything after the keyword, continuations joined with spaces.</param>
/// <param name="Line">The 1-based line of the keyword.</param>
/// <param name="Lines">The physical lines (number, text) the instruction spans.</param>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line, IReadOnlyList<(int Number, string Text)> Lines)
{
    /// <summary>Gets the last line of the instruction.</summary>
    public int EndLine => Lines[^1].Number;

    /// <summary>Returns the first physical line containing <paramref name="fragment"/>, or the keyword line.</summary>
    public (int Number, string Text) LineOf(string fragment) =>
        Lines.FirstOrDefault(l => l.Text.Contains(fragment, StringComparison.OrdinalIgnoreCase)) is { Text: not null } hit ? hit : Lines[0];
}
