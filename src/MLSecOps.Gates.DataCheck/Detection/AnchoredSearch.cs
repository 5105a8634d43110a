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
    private readonly (string Anchor, (string Whole, int Offset)[] Entries)[] _byAnchor;
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

        _byAnchor = [.. byAnchor.Select(a => (a.Key, a.Value.ToArray()))];
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
            foreach (var (anchor, entries) in _byAnchor)
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
