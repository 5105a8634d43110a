namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>The kinds of token the Python reader produces; comments, indentation and blank lines are dropped.</summary>
internal enum PythonTokenKind
{
    /// <summary>An identifier or keyword.</summary>
    Name,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A string or bytes literal with its prefix and quotes (f-strings included, as one token).</summary>
    String,

    /// <summary>An operator or delimiter.</summary>
    Operator,

    /// <summary>The end of a logical line (never inside brackets or after a backslash continuation).</summary>
    Newline,
}

/// <summary>One Python token: its kind, its text, and where it starts (1-based line and UTF-16 column) and ends (offset) in the source.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Text">The exact source text.</param>
/// <param name="Offset">Where it starts in the source, as a character offset.</param>
/// <param name="Line">The 1-based line it starts on.</param>
/// <param name="Column">The 1-based column it starts at.</param>
internal readonly record struct PythonToken(PythonTokenKind Kind, string Text, int Offset, int Line, int Column)
{
    /// <summary>Gets the offset just after the token.</summary>
    public int End => Offset + Text.Length;

    /// <summary>Returns whether the token is the operator <paramref name="op"/>.</summary>
    public bool Is(string op) => Kind == PythonTokenKind.Operator && Text == op;

    /// <summary>Returns whether the token is the name or keyword <paramref name="name"/>.</summary>
    public bool IsName(string name) => Kind == PythonTokenKind.Name && Text == name;
}
