using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>
/// Indents the continuation lines of multi-line quoted scalars that sit at (or left of) their key's column, which
/// libyaml and go-yaml (so kubectl) accept but YAML 1.2 and YamlDotNet reject. Generated CRDs (Knative Serving's
/// <c>300-resources/*.yaml</c>) are written this way. Quoted scalars fold leading whitespace of continuation
/// lines, so the value is unchanged; line numbers are kept. One linear pass, run only after such a parse error.
/// </summary>
internal static partial class FlowScalarIndentation
{
    /// <summary>Returns whether <paramref name="message"/> is YamlDotNet's error for such a continuation line.</summary>
    public static bool IsWrongIndentation(string message) =>
        message.Contains("multi-line", StringComparison.Ordinal) && message.Contains("wrong indentation", StringComparison.Ordinal);

    /// <summary>Returns <paramref name="text"/> with every under-indented continuation line of a block-context quoted scalar indented one column past its mapping.</summary>
    public static string Repair(string text)
    {
        var output = new StringBuilder(text.Length + 256);
        char? quote = null;
        var mappingIndent = 0;
        var blockScalarIndent = -1;
        foreach (var line in text.Split('\n'))
        {
            if (output.Length > 0)
            {
                output.Append('\n');
            }

            var indent = line.Length - line.TrimStart(' ').Length;
            var blank = line.Trim().Length == 0;
            if (quote is { } open)
            {
                if (!blank && indent <= mappingIndent)
                {
                    output.Append(' ', mappingIndent + 1 - indent);
                }

                output.Append(line);
                quote = ClosesAt(line, 0, open) < 0 ? open : null;
                continue;
            }

            output.Append(line);
            if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent))
            {
                continue;
            }

            blockScalarIndent = -1;
            if (BlockScalarStart().IsMatch(line))
            {
                blockScalarIndent = indent;
            }
            else if (QuotedValueStart().Match(line) is { Success: true } m && ClosesAt(line, m.Index + m.Length, line[m.Index + m.Length - 1]) < 0)
            {
                quote = line[m.Index + m.Length - 1];
                mappingIndent = m.Groups["indent"].Length + m.Groups["dashes"].Length;
            }
        }

        return output.ToString();
    }

    /// <summary>Returns the index just past the closing quote from <paramref name="start"/>, or -1 when the line does not close it.</summary>
    private static int ClosesAt(string line, int start, char quote)
    {
        for (var i = start; i < line.Length; i++)
        {
            if (quote == '"' && line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == quote)
            {
                if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i + 1;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^(?<indent> *)(?<dashes>(?:- +)*)[^\s#'""{\[\-][^#'""]*?:[ ]+[""']", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex QuotedValueStart();

    [GeneratedRegex(@"^ *(?:- +)*[^\s#'""][^#'""]*?:[ ]+[|>][-+0-9]*[ ]*(?:#.*)?\r?$", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex BlockScalarStart();
}
