using System.Text.RegularExpressions;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Suppressions;

/// <summary>
/// The <c># mlsecops:ignore DEPnnn reason</c> comments of one file. A comment applies to its own line, or, when it
/// stands in a block of comment lines, to the first line below the block.
/// </summary>
internal sealed partial class InlineIgnores
{
    private readonly Dictionary<int, List<IgnoreDirective>> _byLine = [];
    private readonly HashSet<int> _commentLines = [];

    private InlineIgnores()
    {
    }

    /// <summary>Gets every directive, for reporting those without a reason.</summary>
    public IEnumerable<IgnoreDirective> All => _byLine.Values.SelectMany(v => v);

    /// <summary>Finds the ignore comments of <paramref name="text"/>.</summary>
    public static InlineIgnores Parse(string text)
    {
        var ignores = new InlineIgnores();
        if (!text.Contains("mlsecops:ignore", StringComparison.Ordinal))
        {
            return ignores;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                ignores._commentLines.Add(i + 1);
            }

            var m = Directive().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var span = new TextSpan(i + 1, m.Index + 1, i + 1, line.Length + 1);
            var reason = m.Groups["reason"].Value.Trim();
            ignores._byLine[i + 1] = [.. m.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => new IgnoreDirective(id.ToUpperInvariant(), reason, span))];
        }

        return ignores;
    }

    /// <summary>Returns the valid directive that ignores <paramref name="ruleId"/> on <paramref name="line"/>, if any.</summary>
    public IgnoreDirective? Find(string ruleId, int line)
    {
        if (_byLine.Count == 0)
        {
            return null;
        }

        if (Match(ruleId, line) is { } own)
        {
            return own;
        }

        for (var above = line - 1; above > 0 && _commentLines.Contains(above); above--)
        {
            if (Match(ruleId, above) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private IgnoreDirective? Match(string ruleId, int line) =>
        _byLine.TryGetValue(line, out var list) ? list.Find(d => d.IsValid && d.RuleId == ruleId) : null;

    [GeneratedRegex(@"#\s*mlsecops:ignore\s+(?<ids>[A-Za-z]{3}[0-9]{3}(\s*,\s*[A-Za-z]{3}[0-9]{3})*)(?<reason>.*)$", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex Directive();
}
