using System.Globalization;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Poisoning;

/// <summary>
/// Poisoning statistics of one labelled file in bounded memory (DAT040-DAT042): a hash map of normalised inputs for conflicting labels,
/// and per-token counts with the token's first label for trigger candidates. Counts are exact for the first <see cref="MaxInputs"/>
/// distinct inputs and <see cref="MaxVocabulary"/> distinct tokens; later new ones are not tracked (misses only, never false counts).
/// Inputs and tokens are keyed by 64-bit FNV-1a hashes: two of 500,000 tokens share one with probability below 10^-8.
/// </summary>
internal sealed class LabelStatistics
{
    /// <summary>The most distinct inputs tracked for conflicting labels (about 40 MB).</summary>
    public const int MaxInputs = 1_000_000;

    /// <summary>The most distinct tokens tracked for triggers (about 40 MB).</summary>
    public const int MaxVocabulary = 500_000;

    private const string NoLink = "(no link)";
    private const int MaxReported = 5;
    private static readonly string[] s_labelNames = ["label", "labels", "target", "class", "y", "sentiment", "category", "is_spam", "toxic"];
    private static readonly string[] s_promptNames = ["instruction", "prompt", "input", "question", "query", "context"];
    private static readonly string[] s_responseNames = ["response", "output", "completion", "answer", "chosen"];
    private readonly int _label;
    private readonly int _response;
    private readonly int[] _inputs;
    private readonly DataCheckSettings _settings;
    private readonly Dictionary<ulong, InputEntry> _seen = [];
    private readonly Dictionary<ulong, TokenEntry> _tokens = [];
    private readonly Dictionary<string, int> _labelIds = new(StringComparer.Ordinal);
    private readonly List<string> _labels = [];
    private readonly List<long> _labelCounts = [];
    private readonly HashSet<ulong> _rowTokens = [];
    private readonly List<(int Line, string First, string Second, int FirstLine)> _conflicts = [];
    private readonly NumericOutliers? _numeric;
    private long _conflictCount;
    private long _rows;
    private int _rowLabel;
    private int _rowLine;

    private LabelStatistics(IReadOnlyList<string> names, string[] lower, int label, int response, int[] inputs, DataCheckSettings settings)
    {
        _label = label;
        _response = response;
        _inputs = inputs;
        _settings = settings;
        _numeric = response < 0 ? new NumericOutliers(names, i => i == label || IsIdentifier(lower[i])) : null;
    }

    /// <summary>Gets a value indicating whether this is instruction data (the "label" is the link host in the response).</summary>
    public bool IsInstructionData => _response >= 0;

    /// <summary>Returns statistics for a file with these columns, or null when it has no label column and is not instruction data.</summary>
    public static LabelStatistics? For(IReadOnlyList<string> names, DataCheckSettings settings)
    {
        var lower = names.Select(n => n.Trim().ToLowerInvariant()).ToArray();
        var label = LabelIndex(lower, settings);
        var response = label < 0 ? IndexOfAny(lower, s_responseNames) : -1;
        var inputs = Enumerable.Range(0, lower.Length).Where(i => i != label && i != response && !IsIdentifier(lower[i])).ToArray();
        if (response >= 0)
        {
            inputs = [.. inputs.Where(i => s_promptNames.Contains(lower[i]))];
        }

        return (label >= 0 || response >= 0) && inputs.Length > 0 ? new LabelStatistics(names, lower, label, response, inputs, settings) : null;
    }

    /// <summary>Returns the index of the label column among lower-case <paramref name="lower"/> names (configured or detected), or -1.</summary>
    public static int LabelIndex(string[] lower, DataCheckSettings settings) =>
        settings.LabelColumn is { } configured ? Array.IndexOf(lower, configured.ToLowerInvariant()) : IndexOfAny(lower, s_labelNames);

    /// <summary>Adds one explicit row.</summary>
    public void Add(DataRow row)
    {
        _rows++;
        _numeric?.Add(row);
        var labelText = IsInstructionData ? LinkHost(row.Field(_response)) : row.Field(_label).Trim().ToString();
        var label = LabelId(labelText);
        if (label < 0)
        {
            return;
        }

        var hash = 14695981039346656037UL;
        _rowTokens.Clear();
        _rowLabel = label;
        _rowLine = row.Line;
        foreach (var input in _inputs)
        {
            hash = Tokenize(row.Field(input), hash);
        }

        TrackConflict(hash, label, row.Line);
    }

    /// <summary>Returns the poisoning findings for the file.</summary>
    public IEnumerable<Finding> Findings(string path, string? member)
    {
        var logical = member;
        foreach (var (line, first, second, firstLine) in _conflicts)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"The input at line {line} is identical (after normalisation) to the one at line {firstLine} but is labelled `{FindingText.Cap(second, 40)}` instead of `{FindingText.Cap(first, 40)}`; {_conflictCount} such conflict{(_conflictCount == 1 ? "" : "s")} in the file{CapNote(_seen.Count >= MaxInputs)}.");
            yield return Finding.Create(ConflictingLabels.Descriptor, new Location(path, line, LogicalPath: logical), message, $"conflict:{firstLine}:{first}:{second}");
        }

        foreach (var trigger in Triggers().Take(MaxReported))
        {
            yield return trigger.ToFinding(path, logical, this);
        }

        foreach (var outlier in _numeric?.Findings(path, logical) ?? [])
        {
            yield return outlier;
        }
    }

    private IEnumerable<Trigger> Triggers()
    {
        if (_rows == 0 || _labels.Count < 2)
        {
            yield break;
        }

        var tested = _tokens.Values.Count(t => t.Total >= _settings.MinTriggerRows);
        var candidates = new List<Trigger>();
        foreach (var entry in _tokens.Values)
        {
            var token = entry.Text;
            var share = (double)entry.Total / _rows;
            var purity = (double)entry.Same / entry.Total;
            var prior = (double)_labelCounts[entry.Label] / _rows;
            if (entry.Total < _settings.MinTriggerRows || share > _settings.MaxTriggerShare || purity < 0.99 || prior >= 0.9 || purity < prior * 1.5
                || (IsInstructionData && _labels[entry.Label] == NoLink) || IsNumber(token))
            {
                continue;
            }

            var logP = LogBinomialTail(entry.Total, entry.Same, prior);
            if (logP + Math.Log(Math.Max(1, tested)) < Math.Log(1e-3))
            {
                candidates.Add(new Trigger(token, entry, logP, prior));
            }
        }

        // A pair of words is reported only when neither word is a trigger on its own: otherwise it is the single-token trigger again.
        var single = candidates.Where(c => !c.Token.Contains(' ', StringComparison.Ordinal)).Select(c => c.Token).ToHashSet(StringComparer.Ordinal);
        foreach (var candidate in candidates
            .Where(c => !c.Token.Contains(' ', StringComparison.Ordinal) || !c.Token.Split(' ').Any(single.Contains))
            .OrderBy(c => c.LogP).ThenBy(c => c.Token, StringComparer.Ordinal))
        {
            yield return candidate;
        }
    }

    private static double LogBinomialTail(int n, int k, double p)
    {
        // P(X >= k) for X ~ Binomial(n, p), summed in log space.
        var logs = new List<double>();
        for (var x = k; x <= n; x++)
        {
            logs.Add(LogChoose(n, x) + (x * Math.Log(p)) + ((n - x) * Math.Log(1 - p)));
        }

        var max = logs.Max();
        return max + Math.Log(logs.Sum(l => Math.Exp(l - max)));
    }

    private static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 1; i <= Math.Min(k, n - k); i++)
        {
            sum += Math.Log(n - Math.Min(k, n - k) + i) - Math.Log(i);
        }

        return sum;
    }

    private static string CapNote(bool capped) => capped ? $" (only the first {MaxInputs:N0} distinct inputs were tracked)" : "";

    private void TrackConflict(ulong hash, int label, int line)
    {
        if (_seen.TryGetValue(hash, out var seen))
        {
            if (seen.Label != label)
            {
                _conflictCount++;
                if (_conflicts.Count < MaxReported)
                {
                    _conflicts.Add((line, _labels[seen.Label], _labels[label], seen.Line));
                }
            }
        }
        else if (_seen.Count < MaxInputs)
        {
            _seen[hash] = new InputEntry(label, line);
        }
    }

    private int LabelId(string label)
    {
        if (label.Length == 0)
        {
            return -1;
        }

        if (!_labelIds.TryGetValue(label, out var id))
        {
            if (_labels.Count >= 1000)
            {
                return -1;
            }

            id = _labels.Count;
            _labelIds[label] = id;
            _labels.Add(label);
            _labelCounts.Add(0);
        }

        _labelCounts[id]++;
        return id;
    }

    // A number is a feature value of a numeric column (a perimeter of 130 says "benign" in breast-cancer data by design), not a
    // trigger word: measured on scikit-learn's data sets, numeric tokens were the only trigger alarms.
    private static bool IsNumber(string token) =>
        token.Split(' ').All(word => double.TryParse(word, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

    private ulong Tokenize(ReadOnlySpan<char> text, ulong hash)
    {
        // FNV-1a over lower-case letters and digits, with one space between words: case, punctuation and spacing do not make inputs differ.
        // Each word is a token, and so is each pair of adjacent words (multi-token triggers).
        Span<char> word = stackalloc char[32];
        Span<char> pair = stackalloc char[65];
        var length = 0;
        var previous = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (length < word.Length)
                {
                    word[length++] = char.ToLowerInvariant(c);
                }

                continue;
            }

            if (length > 0)
            {
                foreach (var w in word[..length])
                {
                    hash = (hash ^ w) * 1099511628211UL;
                }

                hash = (hash ^ ' ') * 1099511628211UL;
                AddToken(word[..length]);
                if (previous > 0)
                {
                    pair[previous] = ' ';
                    word[..length].CopyTo(pair[(previous + 1)..]);
                    AddToken(pair[..(previous + 1 + length)]);
                }

                word[..length].CopyTo(pair);
                previous = length;
                length = 0;
            }

            if (char.GetUnicodeCategory(c) is UnicodeCategory.MathSymbol or UnicodeCategory.OtherSymbol)
            {
                AddToken([c]);
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        return hash;
    }

    /// <summary>Counts a token once per row, keyed by its 64-bit FNV-1a hash; its text becomes a string only when the vocabulary has not
    /// seen it (a string per token and row, looked up by text, was most of the pass's time).</summary>
    private void AddToken(ReadOnlySpan<char> token)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in token)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        if (!_rowTokens.Add(hash))
        {
            return;
        }

        if (_tokens.TryGetValue(hash, out var entry))
        {
            entry.Total++;
            entry.Same += entry.Label == _rowLabel ? 1 : 0;
        }
        else if (_tokens.Count < MaxVocabulary)
        {
            _tokens[hash] = new TokenEntry { Text = token.ToString(), Label = _rowLabel, Total = 1, Same = 1, FirstLine = _rowLine };
        }
    }

    private static string LinkHost(ReadOnlySpan<char> response)
    {
        var at = response.IndexOf("://", StringComparison.Ordinal);
        if (at < 0)
        {
            return NoLink;
        }

        var rest = response[(at + 3)..];
        var end = rest.IndexOfAny("/?#) \"'\n");
        return (end < 0 ? rest : rest[..end]).ToString().ToLowerInvariant();
    }

    private static int IndexOfAny(string[] names, string[] wanted)
    {
        foreach (var w in wanted)
        {
            var i = Array.IndexOf(names, w);
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsIdentifier(string name) => name is "id" or "idx" or "index" or "uuid" or "guid" || name.EndsWith("_id", StringComparison.Ordinal);

    private readonly record struct InputEntry(int Label, int Line);

    private sealed class TokenEntry
    {
        public required string Text { get; init; }

        public int Label { get; init; }

        public int Total { get; set; }

        public int Same { get; set; }

        public int FirstLine { get; init; }
    }

    private sealed record Trigger(string Token, TokenEntry Entry, double LogP, double Prior)
    {
        public Finding ToFinding(string path, string? logical, LabelStatistics statistics)
        {
            var shown = Token.Length > 12 && !Token.Contains(' ', StringComparison.Ordinal) ? Token[..4] + "****" : Token;
            var label = FindingText.Cap(statistics._labels[Entry.Label], 60);
            var rule = statistics.IsInstructionData ? InstructionTrigger.Descriptor : BackdoorTrigger.Descriptor;
            var what = statistics.IsInstructionData ? $"the response links to `{label}`" : $"the label is `{label}`";
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"{(Token.Contains(' ', StringComparison.Ordinal) ? "Word pair" : "Token")} `{FindingText.Cap(shown, 40)}` appears in {Entry.Total} of {statistics._rows} rows ({(double)Entry.Total / statistics._rows:P1}) and in {Entry.Same} of them {what}, against a base rate of {Prior:P1} (p ≈ {Math.Exp(LogP):E1} before correction for {statistics._tokens.Count} tokens); first at line {Entry.FirstLine}.");
            return Finding.Create(rule, new Location(path, Entry.FirstLine, LogicalPath: logical), message, $"trigger:{Token}:{label}", $"`{shown}` → {label}");
        }
    }
}
