using System.Globalization;

namespace MLSecOps.GitHub.Workflow;

/// <summary>Where an annotation points and its title; every value is optional.</summary>
/// <param name="File">The repository-relative path.</param>
/// <param name="Line">The 1-based first line.</param>
/// <param name="EndLine">The 1-based last line.</param>
/// <param name="Column">The 1-based first column.</param>
/// <param name="EndColumn">The 1-based end column.</param>
/// <param name="Title">The annotation title.</param>
public sealed record AnnotationProperties(
    string? File = null,
    int? Line = null,
    int? EndLine = null,
    int? Column = null,
    int? EndColumn = null,
    string? Title = null)
{
    internal IReadOnlyList<KeyValuePair<string, string>> ToProperties()
    {
        var properties = new List<KeyValuePair<string, string>>(6);
        Add(properties, "file", File);
        Add(properties, "line", Line);
        Add(properties, "endLine", EndLine);
        Add(properties, "col", Column);
        Add(properties, "endColumn", EndColumn);
        Add(properties, "title", Title);
        return properties;
    }

    private static void Add(List<KeyValuePair<string, string>> properties, string key, int? value)
    {
        if (value is { } number)
        {
            properties.Add(new(key, number.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void Add(List<KeyValuePair<string, string>> properties, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties.Add(new(key, value));
        }
    }
}
