using System.Buffers;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>
/// Finds where any of a set of strings starts by a rarer part of each (its anchor), then checks the whole string there.
/// A vectorised multi-string search over short, common prefixes (<c>ign</c>, <c>for</c>, <c>acc</c>, <c>pri</c>) stops at almost
/// every word of ordinary text and spends its time verifying; over rare anchors (<c>instructions</c>, <c>ssword</c>) it stops only
/// where a match is likely.
/// </summary>
internal sealed class AnchoredSearch
{
    private readonly SearchValues<string> _anchors;

    // The anchors by their first character (folded to lower case when the search ignores case): where the search stops, only the
    // anchors that start with the character there are checked, not all of them (a stop at every `messages` key of a JSON Lines file
    // checked some twenty anchors).
    private readonly (string Anchor, (string Whole, int Offset)[] Entries)[][] _byFirst;
    private readonly StringComparison _comparison;

    /// <summary>Initializes a new instance of the <see cref="AnchoredSearch"/> class.</summary>
    /// <param name="strings">Each string with the part of it to search for (null: its longest word).</param>
    /// <param name="comparison">Ordinal or OrdinalIgnoreCase.</param>
    public AnchoredSearch(IEnumerable<(string Whole, string? Anchor)> strings, StringComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(strings);
        _comparison = comparison;
        var byAnchor = new Dictionary<string, List<(string, int)>>(comparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (var (whole, chosen) in strings)
        {
            var anchor = chosen ?? LongestWord(whole);
            var offset = whole.IndexOf(anchor, comparison);
            if (offset < 0)
            {
                throw new ArgumentException($"the anchor '{anchor}' is not part of '{whole}'", nameof(strings));
            }

            if (!byAnchor.TryGetValue(anchor, out var entries))
            {
                byAnchor[anchor] = entries = [];
            }

            entries.Add((whole, offset));
        }

        _byFirst = new (string, (string, int)[])[128][];
        foreach (var group in byAnchor.GroupBy(a => Fold(a.Key[0])))
        {
            _byFirst[group.Key] = [.. group.Select(a => (a.Key, a.Value.ToArray()))];
        }

        // A non-ASCII character where the search stops is checked against every anchor, as before the index: case folding may
        // take it for an ASCII letter.
        _byFirst[0] = [.. byAnchor.Select(a => (a.Key, a.Value.ToArray()))];

        _anchors = SearchValues.Create([.. byAnchor.Keys], comparison);
    }

    /// <summary>Returns the smallest position at or after <paramref name="from"/> where one of the strings starts (checked in full), or -1.</summary>
    public int Next(ReadOnlySpan<char> text, int from)
    {
        var i = from;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(_anchors);
            if (next < 0)
            {
                return -1;
            }

            var q = i + next;
            var best = -1;
            foreach (var (anchor, entries) in _byFirst[Fold(text[q])] ?? [])
            {
                if (!text[q..].StartsWith(anchor, _comparison))
                {
                    continue;
                }

                foreach (var (whole, offset) in entries)
                {
                    var start = q - offset;
                    if (start >= from && (best < 0 || start < best) && text[start..].StartsWith(whole, _comparison))
                    {
                        best = start;
                    }
                }
            }

            if (best >= 0)
            {
                return best;
            }

            i = q + 1;
        }

        return -1;
    }

    /// <summary>Returns the slot of a character in <c>_byFirst</c>: its lower case when the search ignores case, 0 (every anchor) outside ASCII.</summary>
    private int Fold(char c) => c >= 128 ? 0 : _comparison == StringComparison.Ordinal ? c : char.ToLowerInvariant(c);

    private static string LongestWord(string whole)
    {
        var best = whole;
        var bestLength = 0;
        foreach (var word in whole.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length > bestLength)
            {
                best = word;
                bestLength = word.Length;
            }
        }

        return best;
    }
}
