namespace MLSecOps.Core.Policy;

/// <summary>Finds the valid name closest to a misspelled one, for "did you mean" hints.</summary>
public static class NearestName
{
    /// <summary>Returns the candidate with the smallest edit distance, if it is close enough to be a likely typo.</summary>
    /// <param name="typed">What the user typed.</param>
    /// <param name="candidates">The valid names.</param>
    /// <returns>The nearest name, or <see langword="null"/> when none is close.</returns>
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(typed.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, typed.Length / 3) ? best.Name : null;
    }

    /// <summary>Returns the text "; did you mean 'X'?", or the list of valid names when none is close.</summary>
    /// <param name="typed">What the user typed.</param>
    /// <param name="candidates">The valid names.</param>
    /// <returns>The hint, starting with "; ".</returns>
    public static string Hint(string typed, IEnumerable<string> candidates) =>
        Find(typed, candidates) is { } near ? $"; did you mean '{near}'?" : $"; valid: {string.Join(", ", candidates)}";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
