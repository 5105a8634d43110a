using System.Collections;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>The tokens of one unit with every bracket's partner found once, so that walking calls and arguments stays linear however deeply the code nests.</summary>
internal sealed class PythonCode : IReadOnlyList<PythonToken>
{
    private readonly IReadOnlyList<PythonToken> _tokens;
    private readonly int[] _partner;

    /// <summary>Pairs the brackets of <paramref name="tokens"/>; an unpaired opener's partner is the end of the tokens.</summary>
    public PythonCode(IReadOnlyList<PythonToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = tokens;
        _partner = new int[tokens.Count];
        var open = new Stack<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            _partner[i] = -1;
            if (tokens[i].Kind != PythonTokenKind.Operator)
            {
                continue;
            }

            if (tokens[i].Text is "(" or "[" or "{")
            {
                open.Push(i);
            }
            else if (tokens[i].Text is ")" or "]" or "}" && open.Count > 0)
            {
                var opener = open.Pop();
                _partner[opener] = i;
                _partner[i] = opener;
            }
        }

        foreach (var opener in open)
        {
            _partner[opener] = tokens.Count;
        }
    }

    /// <inheritdoc />
    public int Count => _tokens.Count;

    /// <inheritdoc />
    public PythonToken this[int index] => _tokens[index];

    /// <summary>Returns whether the token at <paramref name="index"/> opens a bracket.</summary>
    public bool Opens(int index) => _tokens[index].Kind == PythonTokenKind.Operator && _tokens[index].Text is "(" or "[" or "{";

    /// <summary>Returns the index of the bracket that closes the one at <paramref name="open"/>, or <paramref name="end"/> when it is not closed before it.</summary>
    public int Closing(int open, int end)
    {
        var partner = _partner[open];
        return partner > open && partner < end ? partner : end;
    }

    /// <inheritdoc />
    public IEnumerator<PythonToken> GetEnumerator() => _tokens.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
