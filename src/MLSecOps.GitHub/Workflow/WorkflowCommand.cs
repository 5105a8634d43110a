using System.Text;

namespace MLSecOps.GitHub.Workflow;

/// <summary>One GitHub Actions workflow command (<c>::name key=value,...::data</c>) that owns its escaping.</summary>
/// <remarks>
/// Every property value and the data are escaped, so scanned text (a file name, a message) can never end
/// the command early or start a new one: a newline becomes <c>%0A</c>, so no <c>::</c> ever starts a line.
/// </remarks>
public readonly record struct WorkflowCommand
{
    private WorkflowCommand(string name, IReadOnlyList<KeyValuePair<string, string>> properties, string data)
    {
        Name = name;
        Properties = properties;
        Data = data;
    }

    /// <summary>Gets the command name, such as <c>error</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the properties in the order they are written, unescaped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; }

    /// <summary>Gets the command data (the message), unescaped.</summary>
    public string Data { get; }

    /// <summary>Creates an <c>::error</c> annotation.</summary>
    /// <param name="message">The message, any text.</param>
    /// <param name="annotation">Where and under which title; <see langword="null"/> for none.</param>
    /// <returns>The command.</returns>
    public static WorkflowCommand Error(string message, AnnotationProperties? annotation = null) => Annotation("error", message, annotation);

    /// <summary>Creates a <c>::warning</c> annotation.</summary>
    /// <param name="message">The message, any text.</param>
    /// <param name="annotation">Where and under which title; <see langword="null"/> for none.</param>
    /// <returns>The command.</returns>
    public static WorkflowCommand Warning(string message, AnnotationProperties? annotation = null) => Annotation("warning", message, annotation);

    /// <summary>Creates a <c>::notice</c> annotation.</summary>
    /// <param name="message">The message, any text.</param>
    /// <param name="annotation">Where and under which title; <see langword="null"/> for none.</param>
    /// <returns>The command.</returns>
    public static WorkflowCommand Notice(string message, AnnotationProperties? annotation = null) => Annotation("notice", message, annotation);

    /// <summary>Creates <c>::add-mask::</c>, which hides <paramref name="secret"/> in every later log line.</summary>
    /// <param name="secret">The value to mask.</param>
    /// <returns>The command.</returns>
    public static WorkflowCommand AddMask(string secret) => new("add-mask", [], secret);

    /// <summary>Creates <c>::group::</c>, which starts a collapsible log group.</summary>
    /// <param name="title">The group title.</param>
    /// <returns>The command.</returns>
    public static WorkflowCommand Group(string title) => new("group", [], title);

    /// <summary>Creates <c>::endgroup::</c>.</summary>
    /// <returns>The command.</returns>
    public static WorkflowCommand EndGroup() => new("endgroup", [], "");

    /// <summary>Creates <c>::stop-commands::</c>: until <see cref="ResumeCommands"/> with the same token, the runner ignores workflow commands.</summary>
    /// <param name="token">A random token the printed text cannot guess, such as a GUID.</param>
    /// <returns>The command; print scanned content only between it and <see cref="ResumeCommands"/>.</returns>
    public static WorkflowCommand StopCommands(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new("stop-commands", [], token);
    }

    /// <summary>Creates <c>::token::</c>, which turns workflow commands back on after <see cref="StopCommands"/>.</summary>
    /// <param name="token">The token given to <see cref="StopCommands"/>.</param>
    /// <returns>The command.</returns>
    public static WorkflowCommand ResumeCommands(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new(token, [], "");
    }

    /// <summary>Escapes command data: <c>%</c>, CR and LF as the runner expects, and every other control or invisible character.</summary>
    /// <remarks>The runner decodes only <c>%25</c>, <c>%0D</c>, <c>%0A</c>, <c>%3A</c> and <c>%2C</c>. Any other control
    /// character (ESC starts terminal sequences that rewrite what the log shows, NUL, DEL, C1) and any invisible format or
    /// line-separator character becomes a visible <c>\uXXXX</c>, so scanned text cannot hide or fake log lines.</remarks>
    /// <param name="value">The raw text.</param>
    /// <returns>The escaped text.</returns>
    public static string EscapeData(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '%' => escaped.Append("%25"),
                '\r' => escaped.Append("%0D"),
                '\n' => escaped.Append("%0A"),
                '\t' => escaped.Append(' '),
                _ when IsHidden(c) => escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>Escapes a property value: as data, plus <c>:</c> and <c>,</c>.</summary>
    /// <param name="value">The raw text.</param>
    /// <returns>The escaped text.</returns>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>Returns the command line, without a trailing newline.</summary>
    /// <returns>For example <c>::error file=a.pkl,line=1,title=MOD001%3A x::message</c>.</returns>
    public override string ToString()
    {
        // default(WorkflowCommand) has null members; print it as an empty, harmless command.
        var properties = Properties ?? [];
        var line = new StringBuilder("::").Append(Name);
        for (var i = 0; i < properties.Count; i++)
        {
            line.Append(i == 0 ? ' ' : ',')
                .Append(properties[i].Key)
                .Append('=')
                .Append(EscapeProperty(properties[i].Value));
        }

        return line.Append("::").Append(EscapeData(Data ?? "")).ToString();
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    private static WorkflowCommand Annotation(string name, string message, AnnotationProperties? annotation)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new WorkflowCommand(name, annotation?.ToProperties() ?? [], message);
    }
}
