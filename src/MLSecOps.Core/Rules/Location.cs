namespace MLSecOps.Core.Rules;

/// <summary>Where a finding is: a repository-relative path (forward slashes) and, where known, a region.</summary>
/// <param name="Path">The path relative to the repository root, with forward slashes.</param>
/// <param name="StartLine">The 1-based first line; 1 for binary files.</param>
/// <param name="StartColumn">The 1-based first column, if known.</param>
/// <param name="EndLine">The 1-based last line, if known.</param>
/// <param name="EndColumn">The 1-based column after the last character, if known.</param>
/// <param name="LogicalPath">Where inside the file, such as <c>archive/data.pkl</c> or <c>spec.containers[0].image</c>.</param>
public sealed record Location(
    string Path,
    int StartLine = 1,
    int? StartColumn = null,
    int? EndLine = null,
    int? EndColumn = null,
    string? LogicalPath = null)
{
    /// <summary>Returns a location for a whole binary or unparsed file (line 1).</summary>
    /// <param name="path">The repository-relative path.</param>
    /// <param name="logicalPath">Where inside the file, if anywhere in particular.</param>
    /// <returns>The location.</returns>
    public static Location File(string path, string? logicalPath = null) => new(path, 1, LogicalPath: logicalPath);

    /// <inheritdoc />
    public override string ToString() => StartColumn is { } col ? $"{Path}:{StartLine}:{col}" : $"{Path}:{StartLine}";
}
