namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>A 1-based region of a text file: first line and column, last line and the column after the end.</summary>
internal readonly record struct TextSpan(int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>Returns a span covering the whole of line <paramref name="line"/>.</summary>
    public static TextSpan OfLine(int line, int length) => new(line, 1, line, length + 1);
}
