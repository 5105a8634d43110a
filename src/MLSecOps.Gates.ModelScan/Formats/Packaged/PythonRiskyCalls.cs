using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.Gates.ModelScan.Formats.Packaged;

/// <summary>
/// Finds calls that run commands or build code in Python source, without running it: comments and string literals are blanked
/// by a tokenizer first (so a word in a docstring is not a call), imports are resolved to their modules (<c>import subprocess as sp</c>),
/// and each call is named by its module path.
/// </summary>
internal static partial class PythonRiskyCalls
{
    // Calls of these (module path) run processes, load native code or turn data into code.
    private static readonly string[] RiskyPrefixes =
    [
        "os.system", "os.popen", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "posix.system", "nt.system", "subprocess.", "pty.spawn",
        "ctypes.", "cffi.", "marshal.loads", "pickle.loads", "pickle.load", "cPickle.load", "dill.load", "runpy.", "importlib.import_module",
        "code.interact",
    ];

    /// <summary>The most calls reported per file; a flood says enough.</summary>
    public const int MaxCalls = 100;

    private static readonly HashSet<string> RiskyBuiltins = new(StringComparer.Ordinal) { "eval", "exec", "compile", "__import__", "execfile" };

    /// <summary>Returns each risky call in <paramref name="source"/>: the resolved name and its 1-based line.</summary>
    public static IReadOnlyList<(string Call, int Line)> Find(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var code = BlankCommentsAndStrings(source);
        var aliases = Aliases(code);
        var found = new List<(string, int)>();
        var (lineAt, line) = (0, 1);
        foreach (Match call in CallPattern().Matches(code))
        {
            if (found.Count == MaxCalls)
            {
                break;
            }

            var dotted = WhitespacePattern().Replace(call.Groups["name"].Value, "");
            var before = call.Index > 0 ? code[call.Index - 1] : ' ';
            if (before == '.' || IsDefinition(code, call.Index))
            {
                continue;
            }

            var resolved = Resolve(dotted, aliases);
            if (IsRisky(resolved, dotted))
            {
                // Matches come in order, so lines are counted once over the whole file.
                line += code.AsSpan(lineAt, call.Index - lineAt).Count('\n');
                lineAt = call.Index;
                found.Add((resolved, line));
            }
        }

        return found;
    }

    /// <summary>Replaces comments and the contents of string literals by spaces, keeping newlines so lines still count.</summary>
    public static string BlankCommentsAndStrings(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var output = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '#')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    output.Append(' ');
                    i++;
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                i = BlankString(source, i, output);
                continue;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    private static int BlankString(string source, int start, StringBuilder output)
    {
        var quote = source[start];
        var triple = start + 2 < source.Length && source[start + 1] == quote && source[start + 2] == quote;
        var width = triple ? 3 : 1;
        output.Append('"', width);
        var i = start + width;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\\' && i + 1 < source.Length)
            {
                output.Append(' ').Append(source[i + 1] == '\n' ? '\n' : ' ');
                i += 2;
                continue;
            }

            if (c == quote && (!triple || (i + 2 < source.Length && source[i + 1] == quote && source[i + 2] == quote)))
            {
                output.Append('"', width);
                return i + width;
            }

            if (c == '\n' && !triple)
            {
                // An unterminated single-line string ends at the line, as the tokenizer would refuse it.
                return i;
            }

            output.Append(c == '\n' ? '\n' : ' ');
            i++;
        }

        return i;
    }

    private static Dictionary<string, string> Aliases(string code)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match import in ImportPattern().Matches(code))
        {
            foreach (var part in import.Groups["names"].Value.Split(','))
            {
                var (name, alias) = Split(part);
                if (name.Length > 0)
                {
                    aliases[alias ?? name.Split('.')[0]] = alias is null ? name.Split('.')[0] : name;
                }
            }
        }

        foreach (Match from in FromImportPattern().Matches(code))
        {
            var module = from.Groups["module"].Value;
            foreach (var part in from.Groups["names"].Value.Trim('(', ')', ' ', '\\').Split(','))
            {
                var (name, alias) = Split(part);
                if (name.Length > 0 && name != "*")
                {
                    aliases[alias ?? name] = module + "." + name;
                }
            }
        }

        return aliases;
    }

    private static (string Name, string? Alias) Split(string part)
    {
        var words = part.Split((char[])[' ', '\t', '\n', '\r', '(', ')', '\\'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 3 && words[1] == "as" ? (words[0], words[2]) : (words.Length > 0 ? words[0] : "", null);
    }

    private static string Resolve(string dotted, Dictionary<string, string> aliases)
    {
        var dot = dotted.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? dotted : dotted[..dot];
        return aliases.TryGetValue(head, out var module) ? module + (dot < 0 ? "" : dotted[dot..]) : dotted;
    }

    private static bool IsRisky(string resolved, string written) =>
        (!written.Contains('.', StringComparison.Ordinal) && RiskyBuiltins.Contains(written) && resolved == written)
        || (resolved.StartsWith("builtins.", StringComparison.Ordinal) && RiskyBuiltins.Contains(resolved["builtins.".Length..]))
        || RiskyPrefixes.Any(p => resolved.StartsWith(p, StringComparison.Ordinal));

    private static bool IsDefinition(string code, int index)
    {
        var lineStart = code.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var before = code[lineStart..index].TrimStart();
        return before is "def " or "class " || before.EndsWith("def ", StringComparison.Ordinal);
    }

    // Non-backtracking: a long dotted chain without a call must not make the search quadratic.
    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*\(", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 2000)]
    private static partial Regex CallPattern();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"^[ \t]*import[ \t]+(?<names>[^\n;]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ImportPattern();

    [GeneratedRegex(@"^[ \t]*from[ \t]+(?<module>[A-Za-z_][\w.]*)[ \t]+import[ \t]+(?<names>\([^)]*\)|[^\n;]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FromImportPattern();
}
