using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MLSecOps.Core.Policy;

/// <summary>
/// Reads YAML as a flat stream of parser events, before any recursive reader sees it, and stops at the first
/// collection nested deeper than <see cref="MaxDepth"/> or the first event past <see cref="MaxNodes"/>.
/// </summary>
/// <remarks>YamlDotNet's representation model recurses once per nesting level, and a stack overflow cannot be
/// caught: 45,000 nested <c>[</c> in a 90 KB file would end the process. The parser itself keeps its state on the heap.</remarks>
/// <param name="MaxDepth">The deepest nesting of sequences and mappings allowed.</param>
/// <param name="MaxNodes">The most scalars, collections and aliases allowed.</param>
internal sealed record YamlShapeCheck(int MaxDepth, int MaxNodes)
{
    /// <summary>Gets the limits for a policy file, whose deepest valid shape is about six levels.</summary>
    public static YamlShapeCheck Policy { get; } = new(64, 100_000);

    /// <summary>Returns the first place the text breaks a limit and which, or <see langword="null"/> when it is within them.</summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The mark and the problem, or <see langword="null"/>.</returns>
    /// <exception cref="YamlException">The text is not YAML (the caller reports it at its mark).</exception>
    public (Mark At, string Problem)? Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        int depth = 0, nodes = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            if (current is NodeEvent && ++nodes > MaxNodes)
            {
                return (current.Start, $"more than {MaxNodes} YAML nodes");
            }

            if (current is SequenceStart or MappingStart && ++depth > MaxDepth)
            {
                return (current.Start, $"YAML nested deeper than {MaxDepth} levels");
            }

            if (current is SequenceEnd or MappingEnd)
            {
                depth--;
            }
        }

        return null;
    }
}
