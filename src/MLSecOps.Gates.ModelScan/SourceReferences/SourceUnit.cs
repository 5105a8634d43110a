namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>One piece of Python code read as a unit: a whole <c>.py</c> file, or one code cell of a notebook.</summary>
/// <param name="Code">The code.</param>
/// <param name="Label">What to call it in messages and logical paths (<c>cell 3</c>); <see langword="null"/> for a whole file.</param>
/// <param name="Position">Maps a 1-based line and column of <paramref name="Code"/> to the line and column in the file on disk.</param>
internal sealed record SourceUnit(string Code, string? Label, Func<int, int, (int Line, int Column)> Position)
{
    /// <summary>Creates the unit of a whole source file, whose positions are its own.</summary>
    public static SourceUnit WholeFile(string code) => new(code, null, (line, column) => (line, column));
}
