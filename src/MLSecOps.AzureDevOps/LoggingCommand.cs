using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.AzureDevOps;

/// <summary>One Azure Pipelines logging command, <c>##vso[area.action key=value;...]message</c>, that owns its escaping.</summary>
/// <remarks>Escaping follows azure-pipelines-task-lib <c>taskcommand.ts</c>: property values turn <c>%</c>, CR, LF,
/// <c>]</c> and <c>;</c> into <c>%AZP25</c>, <c>%0D</c>, <c>%0A</c>, <c>%5D</c> and <c>%3B</c> (percent first);
/// the message turns <c>%</c>, CR and LF. The agent reads the first <c>##vso[</c> of a line up to the first
/// <c>]</c>, so an escaped value can neither end the command early nor start a new line.</remarks>
public readonly partial struct LoggingCommand : IEquatable<LoggingCommand>
{
    private const string Prefix = "##vso[";

    private readonly KeyValuePair<string, string>[] properties;

    /// <summary>Initializes a new instance of the <see cref="LoggingCommand"/> struct.</summary>
    /// <param name="area">The area, such as <c>task</c>.</param>
    /// <param name="action">The action, such as <c>logissue</c>.</param>
    /// <param name="properties">The properties in order; empty values are left out, as the task library does.</param>
    /// <param name="message">The message after <c>]</c>.</param>
    /// <exception cref="ArgumentException">The area, action or a property name is not a plain word.</exception>
    public LoggingCommand(string area, string action, IEnumerable<KeyValuePair<string, string?>> properties, string? message)
    {
        ArgumentNullException.ThrowIfNull(properties);
        Area = RequireWord(area, nameof(area));
        Action = RequireWord(action, nameof(action));
        this.properties = properties
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => new KeyValuePair<string, string>(RequireWord(p.Key, nameof(properties)), p.Value!))
            .ToArray();
        Message = message ?? "";
    }

    /// <summary>Gets the area, such as <c>task</c>.</summary>
    public string Area { get; }

    /// <summary>Gets the action, such as <c>logissue</c>.</summary>
    public string Action { get; }

    /// <summary>Gets the unescaped properties in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties => properties ?? [];

    /// <summary>Gets the unescaped message.</summary>
    public string Message { get; }

    /// <summary>Compares two commands by value.</summary>
    /// <param name="left">The first command.</param>
    /// <param name="right">The second command.</param>
    /// <returns>Whether both print the same line.</returns>
    public static bool operator ==(LoggingCommand left, LoggingCommand right) => left.Equals(right);

    /// <summary>Compares two commands by value.</summary>
    /// <param name="left">The first command.</param>
    /// <param name="right">The second command.</param>
    /// <returns>Whether they print different lines.</returns>
    public static bool operator !=(LoggingCommand left, LoggingCommand right) => !left.Equals(right);

    /// <summary>Creates <c>task.logissue</c>: an error or warning shown on the run and, with a path, on the file.</summary>
    /// <param name="type">Error or warning.</param>
    /// <param name="message">The message.</param>
    /// <param name="sourcePath">The file, if any.</param>
    /// <param name="line">The 1-based line, if known.</param>
    /// <param name="column">The 1-based column, if known.</param>
    /// <param name="code">The rule id, if any.</param>
    /// <returns>The command.</returns>
    public static LoggingCommand LogIssue(IssueType type, string message, string? sourcePath = null, int? line = null, int? column = null, string? code = null) =>
        new(
            "task",
            "logissue",
            [
                new("type", type == IssueType.Error ? "error" : "warning"),
                new("sourcepath", sourcePath),
                new("linenumber", line?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("columnnumber", column?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("code", code),
            ],
            message);

    /// <summary>Creates <c>task.complete</c>, which sets the result of the task.</summary>
    /// <param name="result">The result.</param>
    /// <param name="message">Why.</param>
    /// <returns>The command.</returns>
    public static LoggingCommand Complete(TaskResult result, string message) =>
        new("task", "complete", [new("result", result.ToString())], message);

    /// <summary>Creates <c>task.uploadsummary</c>, which adds a Markdown file to the run summary.</summary>
    /// <param name="absolutePath">The Markdown file.</param>
    /// <returns>The command.</returns>
    public static LoggingCommand UploadSummary(string absolutePath) => new("task", "uploadsummary", [], absolutePath);

    /// <summary>Creates <c>artifact.upload</c>, which publishes a file as a build (container) artifact.</summary>
    /// <param name="artifactName">The artifact, such as <c>CodeAnalysisLogs</c>.</param>
    /// <param name="absolutePath">The file.</param>
    /// <returns>The command.</returns>
    public static LoggingCommand UploadArtifact(string artifactName, string absolutePath) =>
        new("artifact", "upload", [new("artifactname", artifactName)], absolutePath);

    /// <summary>Creates <c>task.setvariable</c>, which sets a pipeline variable, here an output variable.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The value.</param>
    /// <param name="isOutput">Whether later jobs can read it as <c>step.name</c>.</param>
    /// <returns>The command.</returns>
    public static LoggingCommand SetVariable(string name, string value, bool isOutput = true) =>
        new("task", "setvariable", [new("variable", name), new("isoutput", isOutput ? "true" : null)], value);

    /// <summary>Escapes a property value.</summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The escaped value.</returns>
    public static string EscapeProperty(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return EscapeMessage(value).Replace("]", "%5D", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);
    }

    /// <summary>Escapes a message: <c>%</c>, CR and LF as the agent expects, and every other control or invisible character.</summary>
    /// <remarks>Any other control character (ESC starts terminal sequences that rewrite what the log shows, NUL, DEL, C1)
    /// and any invisible format or line-separator character becomes a visible <c>\uXXXX</c>.</remarks>
    /// <param name="message">The raw message.</param>
    /// <returns>The escaped message.</returns>
    public static string EscapeMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var escaped = new StringBuilder(message.Length + 8);
        foreach (var c in message)
        {
            _ = c switch
            {
                '%' => escaped.Append("%AZP25"),
                '\r' => escaped.Append("%0D"),
                '\n' => escaped.Append("%0A"),
                '\t' => escaped.Append(' '),
                _ when IsHidden(c) => escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>Returns the line to print, without a line break.</summary>
    /// <returns>For example <c>##vso[task.setvariable variable=decision;isoutput=true;]fail</c>.</returns>
    public override string ToString()
    {
        var line = new StringBuilder(Prefix).Append(Area).Append('.').Append(Action);
        if (Properties.Count > 0)
        {
            line.Append(' ');
            foreach (var property in Properties)
            {
                line.Append(property.Key).Append('=').Append(EscapeProperty(property.Value)).Append(';');
            }
        }

        return line.Append(']').Append(EscapeMessage(Message)).ToString();
    }

    /// <inheritdoc />
    public bool Equals(LoggingCommand other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LoggingCommand other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static bool IsHidden(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static string RequireWord(string word, string parameter) =>
        word is not null && Word().IsMatch(word) ? word : throw new ArgumentException($"'{word}' is not a plain word.", parameter);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex Word();
}
