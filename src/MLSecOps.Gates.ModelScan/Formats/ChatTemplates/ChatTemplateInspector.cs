using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.ChatTemplates;

/// <summary>Looks for Jinja sandbox escapes in a chat template by pattern; the template is never rendered.</summary>
internal static partial class ChatTemplateInspector
{
    /// <summary>Inspects <paramref name="template"/>, reporting against <paramref name="path"/> at <paramref name="logicalPath"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="logicalPath">Where the template is inside the file.</param>
    /// <param name="template">The template text.</param>
    /// <param name="allowance">The file's shared time allowance for pattern checks; none means unlimited.</param>
    public static IReadOnlyList<Finding> Inspect(string path, string logicalPath, string template, RegexAllowance? allowance = null)
    {
        var findings = new List<Finding>();
        var budget = allowance ?? RegexAllowance.Unlimited;
        try
        {
            // Obfuscation and dunder traversal count anywhere: benign templates have neither, and escapes can sit in string literals.
            var injection = FirstMatch(budget, template, DunderAccess(), EscapedUnderscore())
                ?? FirstMatch(budget, string.Join('\n', budget.Matches(JinjaTag(), template)), AttrFilter(), GadgetGlobals(), DangerousCalls(), UnderscoreStrings());
            if (injection is not null)
            {
                findings.Add(ChatTemplateInjection.Create(path, logicalPath, $"The chat template contains '{Shorten(injection)}', a Jinja sandbox-escape construct.", Shorten(injection)));
            }

            var include = FirstMatch(budget, template, IncludeTag());
            if (include is not null)
            {
                findings.Add(ChatTemplateExternalInclude.Create(path, logicalPath, $"The chat template loads another template with '{Shorten(include)}'.", Shorten(include)));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            findings.Add(IncompleteScan.Create(path, logicalPath, "the chat template took too long to inspect"));
        }
        catch (ScanBudgetExceededException ex)
        {
            findings.Add(IncompleteScan.Create(path, logicalPath, $"the chat template was not inspected: {ex.Message}"));
        }

        return findings;
    }

    private static string? FirstMatch(RegexAllowance budget, string text, params Regex[] patterns)
    {
        foreach (var pattern in patterns)
        {
            var match = budget.Match(pattern, text);
            if (match.Success)
            {
                return match.Value;
            }
        }

        return null;
    }

    private static string Shorten(string value)
    {
        var oneLine = value.ReplaceLineEndings(" ");
        return oneLine.Length <= 80 ? oneLine : oneLine[..80] + "…";
    }

    [GeneratedRegex(@"__[A-Za-z_]+__", RegexOptions.None, 2000)]
    private static partial Regex DunderAccess();

    // '\x5f', '\u005f', '\137' and '%5f' spell an underscore without writing one.
    [GeneratedRegex(@"\\x5[fF]|\\u005[fF]|\\U0000005[fF]|\\137|%5[fF]", RegexOptions.None, 2000)]
    private static partial Regex EscapedUnderscore();

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline, 2000)]
    private static partial Regex JinjaTag();

    [GeneratedRegex(@"\|\s*attr\b|\battr\s*\(", RegexOptions.None, 2000)]
    private static partial Regex AttrFilter();

    [GeneratedRegex(@"\b(cycler|joiner|lipsum|url_for|get_flashed_messages|request\.application|config\.items|mro)\b|\bself\._TemplateReference", RegexOptions.None, 2000)]
    private static partial Regex GadgetGlobals();

    [GeneratedRegex(@"\b(os\.(popen|system|exec\w*|spawn\w*)|subprocess|builtins)\b|\b(eval|exec|compile|getattr|globals|import_module|popen|open)\s*\(", RegexOptions.None, 2000)]
    private static partial Regex DangerousCalls();

    // '_' ~ '_class_' ~ '_', ['_','_']|join and x['_private'] assemble or reach dunders without spelling one.
    [GeneratedRegex(@"(['""])_+\1|\[\s*(['""])_", RegexOptions.None, 2000)]
    private static partial Regex UnderscoreStrings();

    [GeneratedRegex(@"\{%-?\s*(include|import|extends|from\s+\S+\s+import)\b", RegexOptions.None, 2000)]
    private static partial Regex IncludeTag();
}
