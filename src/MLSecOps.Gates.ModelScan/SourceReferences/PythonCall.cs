namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>One argument of a call: positional, <c>name=value</c>, <c>*args</c> or <c>**kwargs</c>.</summary>
/// <param name="Keyword">The keyword, for <c>name=value</c>.</param>
/// <param name="At">The argument's first token (the keyword's, for <c>name=value</c>).</param>
/// <param name="Value">The value expression.</param>
/// <param name="Unpacked">"*" or "**" for unpacked arguments, else empty.</param>
internal sealed record PythonArgument(string? Keyword, PythonToken At, PythonExpression Value, string Unpacked);

/// <summary>A call site in Python code: the callee as written and as resolved through the imports, and its arguments.</summary>
internal sealed class PythonCall
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
        "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        "None", "True", "False", "print", "exec",
    };

    /// <summary>Gets the callee as written, such as <c>AutoModel.from_pretrained</c>; an expression base is written <c>…</c>.</summary>
    public required string Dotted { get; init; }

    /// <summary>Gets the callee resolved through the imports, such as <c>transformers.AutoModel.from_pretrained</c>.</summary>
    public required string Qualified { get; init; }

    /// <summary>Gets the last name of the callee, such as <c>from_pretrained</c>.</summary>
    public string Name => Dotted[(Dotted.LastIndexOf('.') + 1)..];

    /// <summary>Gets the callee's first token, where findings point.</summary>
    public required PythonToken At { get; init; }

    /// <summary>Gets the arguments in order.</summary>
    public required IReadOnlyList<PythonArgument> Arguments { get; init; }

    /// <summary>Gets the names in force at the call.</summary>
    public required PythonScope Scope { get; init; }

    /// <summary>Gets whether some arguments are unpacked (<c>*args</c>, <c>**kwargs</c>), so any keyword may be among them.</summary>
    public bool HasUnpacked => Arguments.Any(a => a.Unpacked.Length > 0);

    /// <summary>Returns the <c>name=value</c> argument called <paramref name="name"/>.</summary>
    public PythonArgument? Keyword(string name) => Arguments.FirstOrDefault(a => a.Keyword == name);

    /// <summary>Returns the positional argument at <paramref name="index"/> (0-based), unless unpacked arguments come first.</summary>
    public PythonExpression? Positional(int index)
    {
        var positional = Arguments.TakeWhile(a => a.Keyword is null && a.Unpacked.Length == 0).ToList();
        return index < positional.Count ? positional[index].Value : null;
    }

    /// <summary>Returns the dotted name (<c>a.b.c</c>) whose last name is the token at <paramref name="index"/>; <see langword="null"/> for keywords and definitions.</summary>
    public static string? DottedNameEndingAt(IReadOnlyList<PythonToken> tokens, int index)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var token = tokens[index];
        if (token.Kind != PythonTokenKind.Name || (index > 0 && (tokens[index - 1].IsName("def") || tokens[index - 1].IsName("class"))))
        {
            return null;
        }

        var parts = new List<string> { token.Text };
        var i = index;
        while (i >= 2 && tokens[i - 1].Is(".") && tokens[i - 2].Kind == PythonTokenKind.Name && !Keywords.Contains(tokens[i - 2].Text))
        {
            parts.Insert(0, tokens[i - 2].Text);
            i -= 2;
        }

        if (i >= 1 && tokens[i - 1].Is("."))
        {
            // The base is an expression: foo().bar(…), "x".join(…).
            parts.Insert(0, "…");
        }
        else if (parts.Count == 1 && Keywords.Contains(token.Text))
        {
            return null;
        }

        return string.Join('.', parts);
    }

    /// <summary>Returns the index of the first token of the dotted name ending at <paramref name="index"/>.</summary>
    public static int DottedNameStart(IReadOnlyList<PythonToken> tokens, int index)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var i = index;
        while (i >= 2 && tokens[i - 1].Is(".") && tokens[i - 2].Kind == PythonTokenKind.Name)
        {
            i -= 2;
        }

        return i;
    }
}
