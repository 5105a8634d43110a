using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MLSecOps.Gates.DesignReview.Yaml;

/// <summary>A YAML parser that remembers where the last event it read ended, to place errors the scanner reports without a position.</summary>
/// <param name="inner">The parser.</param>
internal sealed class MarkTrackingParser(IParser inner) : IParser
{
    /// <summary>Gets the end of the last event read.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    /// <inheritdoc />
    public ParsingEvent? Current => inner.Current;

    /// <inheritdoc />
    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        if (inner.Current is { } current)
        {
            LastEnd = current.End;
        }

        return moved;
    }
}
