using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Helm;

/// <summary>
/// Maps lines of a template's rendered output back to lines of the template: literal lines are copied verbatim
/// by Helm, so each rendered line is matched, in order, to the next template line with the same text or key;
/// a line produced by an action (an <c>include</c>, <c>toYaml</c>) maps to the last matched line before it.
/// </summary>
internal sealed class TemplateLineMap
{
    private readonly int[] _lines;
    private readonly string[] _template;

    private TemplateLineMap(int[] lines, string[] template)
    {
        _lines = lines;
        _template = template;
    }

    /// <summary>Aligns <paramref name="rendered"/> with <paramref name="template"/>.</summary>
    public static TemplateLineMap Build(string rendered, string template)
    {
        var templateLines = template.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var renderedLines = rendered.Split('\n');
        var lines = new int[renderedLines.Length + 1];
        var cursor = 0;
        var last = 1;
        for (var i = 0; i < renderedLines.Length; i++)
        {
            var text = renderedLines[i].Trim();
            var found = text.Length == 0 || text == "---" ? -1 : Find(templateLines, cursor, text);
            if (found >= 0)
            {
                cursor = found + 1;
                last = found + 1;
            }

            lines[i + 1] = last;
        }

        return new TemplateLineMap(lines, templateLines);
    }

    /// <summary>Returns the template span for a span of the rendered text: the whole mapped template line.</summary>
    public TextSpan Map(TextSpan rendered)
    {
        var line = rendered.Line >= 1 && rendered.Line < _lines.Length ? _lines[rendered.Line] : 1;
        var text = line <= _template.Length ? _template[line - 1] : "";
        var column = text.Length - text.TrimStart().Length + 1;
        return new TextSpan(line, column, line, Math.Max(column, text.Length + 1));
    }

    private static int Find(string[] template, int cursor, string text)
    {
        var key = KeyOf(text);
        // Forward first (the usual order), then from the top again for a range loop repeating the same lines.
        foreach (var (from, to) in new[] { (cursor, template.Length), (0, Math.Min(cursor, template.Length)) })
        {
            for (var i = from; i < to; i++)
            {
                var candidate = template[i].Trim();
                if (candidate == text || (key is not null && KeyOf(candidate) == key))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static string? KeyOf(string line)
    {
        var body = line.StartsWith("- ", StringComparison.Ordinal) ? line[2..].TrimStart() : line;
        var colon = body.IndexOf(": ", StringComparison.Ordinal);
        var end = colon > 0 ? colon : body.EndsWith(':') ? body.Length - 1 : -1;
        return end > 0 && !body.StartsWith("{{", StringComparison.Ordinal) ? body[..end] : null;
    }
}
