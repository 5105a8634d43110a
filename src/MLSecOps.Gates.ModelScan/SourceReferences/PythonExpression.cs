namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>
/// A span of tokens that forms an expression (an argument, a value), evaluated against what the reader knows at that
/// point of the code: string and boolean constants, and names that hold something downloaded.
/// </summary>
internal sealed class PythonExpression
{
    private const int MaxScannedTokens = 4096;

    private readonly PythonCode _tokens;
    private readonly PythonScope _scope;

    /// <summary>Creates the expression of tokens [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public PythonExpression(PythonCode tokens, int start, int end, PythonScope scope)
    {
        _tokens = tokens;
        _scope = scope;
        (Start, End) = WithoutParentheses(tokens, start, end);
    }

    /// <summary>Gets the index of the first token.</summary>
    public int Start { get; }

    /// <summary>Gets the index just after the last token.</summary>
    public int End { get; }

    /// <summary>Gets whether the expression has no tokens.</summary>
    public bool IsEmpty => End <= Start;

    /// <summary>Gets the first token (the expression must not be empty).</summary>
    public PythonToken First => _tokens[Start];

    /// <summary>Gets the value when the expression is a string constant: literals (implicitly concatenated) or a name bound to one.</summary>
    public string? StringValue
    {
        get
        {
            if (IsEmpty)
            {
                return null;
            }

            if (End - Start == 1 && First.Kind == PythonTokenKind.Name)
            {
                return _scope.Lookup(First.Text)?.Text;
            }

            var value = "";
            for (var i = Start; i < End; i++)
            {
                if (_tokens[i].Kind != PythonTokenKind.String || PythonStringLiteral.Value(_tokens[i].Text) is not { } part)
                {
                    return null;
                }

                value += part;
            }

            return value;
        }
    }

    /// <summary>Gets the value when the expression is <c>True</c> or <c>False</c>, or a name bound to one.</summary>
    public bool? BoolValue =>
        End - Start != 1 || First.Kind != PythonTokenKind.Name ? null
        : First.Text == "True" ? true
        : First.Text == "False" ? false
        : _scope.Lookup(First.Text)?.Flag;

    /// <summary>Gets what downloaded the value, when the expression calls a download or uses a name that holds a download; otherwise <see langword="null"/>.</summary>
    public string? Download
    {
        get
        {
            // Bounded: an expression of more tokens than this is not code anyone writes, and must not make reading quadratic.
            for (var i = Start; i < Math.Min(End, Start + MaxScannedTokens); i++)
            {
                var token = _tokens[i];
                if (token.Kind != PythonTokenKind.Name)
                {
                    continue;
                }

                if (i + 1 < End && _tokens[i + 1].Is("("))
                {
                    if (_scope.DownloadCall(_tokens, i) is { } call)
                    {
                        return call;
                    }

                    continue;
                }

                // An attribute (r.content) or a keyword name (url=...) is not a variable of its own.
                if ((i > Start && _tokens[i - 1].Is(".")) || (i + 1 < End && _tokens[i + 1].Is("=")))
                {
                    continue;
                }

                if (_scope.Lookup(token.Text)?.Download is { } held)
                {
                    return held;
                }
            }

            return null;
        }
    }

    private static (int Start, int End) WithoutParentheses(PythonCode tokens, int start, int end)
    {
        while (end - start >= 2 && tokens[start].Is("(") && tokens.Closing(start, end) == end - 1)
        {
            start++;
            end--;
        }

        return (start, end);
    }
}
