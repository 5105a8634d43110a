using System.Collections.Concurrent;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>One instance of each equal string that outlives a file's audit (key paths and messages of hits), shared by every file of a run.</summary>
/// <remarks>Hits live until the end of the audit; the same key paths and messages recur in file after file, and keeping one
/// copy of each means the collector copies and marks far fewer survivors. Bounded: past the cap, strings are kept as they are.</remarks>
internal sealed class SharedStrings
{
    private const int MaxEntries = 65_536;

    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Returns the shared instance equal to <paramref name="text"/>, or <paramref name="text"/> itself.</summary>
    public string Share(string text)
    {
        if (_pool.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            return text;
        }

        shared = _pool.GetOrAdd(text, text);
        if (ReferenceEquals(shared, text))
        {
            Interlocked.Increment(ref _count);
        }

        return shared;
    }
}
