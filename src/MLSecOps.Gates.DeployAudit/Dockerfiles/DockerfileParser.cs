using System.Text;

namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>
/// Parses Dockerfile text into instructions: backslash (or <c># escape=</c>) continuations, comment lines inside
/// continuations, and heredocs (<c>RUN &lt;&lt;EOF</c> … <c>EOF</c>) whose bodies join the instruction.
/// </summary>
internal static class DockerfileParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    public static Dockerfile Parse(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var escape = EscapeCharacter(lines);
        var instructions = new List<DockerInstruction>();
        var i = 0;
        while (i < lines.Length)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                i++;
                continue;
            }

            var start = i;
            var physical = new List<(int, string)>();
            var joined = new StringBuilder();
            while (i < lines.Length)
            {
                var line = lines[i];
                physical.Add((i + 1, line));
                i++;
                var body = line.TrimEnd();
                if (body.Length > 0 && body[^1] == escape)
                {
                    joined.Append(body, 0, body.Length - 1).Append(' ');
                    while (i < lines.Length && lines[i].TrimStart().StartsWith('#'))
                    {
                        physical.Add((i + 1, lines[i]));
                        i++;
                    }

                    continue;
                }

                joined.Append(body);
                break;
            }

            i = ReadHeredocs(lines, i, joined, physical);
            var content = joined.ToString().Trim();
            var space = content.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? content : content[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : content[(space + 1)..].Trim();
            instructions.Add(new DockerInstruction(keyword, arguments, start + 1, physical));
        }

        return new Dockerfile(path, instructions);
    }

    private static int ReadHeredocs(string[] lines, int i, StringBuilder joined, List<(int, string)> physical)
    {
        foreach (var marker in HeredocMarkers(joined.ToString()))
        {
            while (i < lines.Length)
            {
                physical.Add((i + 1, lines[i]));
                var line = lines[i++];
                if (line.Trim() == marker)
                {
                    break;
                }

                joined.Append('\n').Append(line);
            }
        }

        return i;
    }

    private static IEnumerable<string> HeredocMarkers(string instruction)
    {
        var keyword = instruction.TrimStart().Split(' ', 2)[0].ToUpperInvariant();
        if (keyword is not ("RUN" or "COPY" or "ADD"))
        {
            yield break;
        }

        var at = 0;
        while ((at = instruction.IndexOf("<<", at, StringComparison.Ordinal)) >= 0)
        {
            at += 2;
            var j = at;
            if (j < instruction.Length && instruction[j] == '-')
            {
                j++;
            }

            var quoted = j < instruction.Length && instruction[j] is '"' or '\'';
            if (quoted)
            {
                j++;
            }

            var nameStart = j;
            if (j >= instruction.Length || !(char.IsLetter(instruction[j]) || instruction[j] == '_'))
            {
                continue;
            }

            while (j < instruction.Length && (char.IsLetterOrDigit(instruction[j]) || instruction[j] == '_'))
            {
                j++;
            }

            if (j > nameStart)
            {
                yield return instruction[nameStart..j];
            }
        }
    }

    private static char EscapeCharacter(string[] lines)
    {
        foreach (var line in lines)
        {
            var t = line.Trim();
            if (!t.StartsWith('#'))
            {
                break;
            }

            var directive = t.TrimStart('#').Trim();
            if (directive.StartsWith("escape=", StringComparison.OrdinalIgnoreCase) && directive.Length > 7)
            {
                return directive[7];
            }
        }

        return '\\';
    }
}
