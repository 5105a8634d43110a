using System.Globalization;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>
/// Splits Python 3 source into tokens by the language's lexical grammar: names, numbers, strings (prefixes, triple quotes,
/// f-strings with nested replacement fields as in PEP 701), operators, comments, explicit and implicit line joining.
/// Bounded by a token cap and a nesting cap; errors are recorded and reading goes on at the next line, never thrown.
/// </summary>
internal sealed class PythonTokenizer
{
    /// <summary>The default most tokens read from one source.</summary>
    public const int DefaultMaxTokens = 2_000_000;

    // f-strings inside f-strings inside brackets: deeper than this is hostile (CPython stops at 150 levels too).
    private const int MaxNesting = 100;

    private static readonly string[] ThreeCharOperators = ["**=", "//=", ">>=", "<<=", "..."];
    private static readonly string[] TwoCharOperators = ["**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=", "<>"];
    private const string OneCharOperators = "+-*/%@&|^~<>()[]{},:;.=";

    private readonly string _source;
    private readonly int _maxTokens;
    private readonly List<PythonToken> _tokens = [];
    private readonly List<PythonSyntaxError> _errors = [];
    private readonly Stack<(char Open, int Line, int Column)> _brackets = new();
    private int _position;
    private int _line = 1;
    private int _lineStart;
    private bool _lineHasTokens;
    private bool _aborted;

    private PythonTokenizer(string source, int maxTokens)
    {
        _source = source;
        _maxTokens = maxTokens;
    }

    /// <summary>Tokenises <paramref name="source"/>.</summary>
    /// <param name="source">The Python source text.</param>
    /// <param name="maxTokens">The most tokens to read; beyond it reading stops with an error.</param>
    /// <returns>The tokens, and the errors met (first ones only), each naming its line.</returns>
    public static PythonTokens Tokenize(string source, int maxTokens = DefaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tokenizer = new PythonTokenizer(source, maxTokens);
        tokenizer.Run();
        return new PythonTokens(tokenizer._tokens, tokenizer._errors, tokenizer._aborted);
    }

    private void Run()
    {
        while (_position < _source.Length && !_aborted)
        {
            var c = _source[_position];
            if (c is ' ' or '\t' or '\f')
            {
                _position++;
            }
            else if (c == '#')
            {
                while (_position < _source.Length && _source[_position] is not ('\n' or '\r'))
                {
                    _position++;
                }
            }
            else if (c is '\n' or '\r')
            {
                if (_brackets.Count == 0 && _lineHasTokens)
                {
                    Add(PythonTokenKind.Newline, _position, 0);
                }

                ConsumeNewline();
            }
            else if (c == '\\')
            {
                ReadContinuation();
            }
            else if (IsIdentifierStart(c))
            {
                ReadNameOrPrefixedString();
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && _position + 1 < _source.Length && char.IsAsciiDigit(_source[_position + 1])))
            {
                Add(PythonTokenKind.Number, _position, NumberEnd(_position) - _position);
            }
            else if (c is '"' or '\'')
            {
                ReadString(_position, _position);
            }
            else
            {
                ReadOperator();
            }
        }

        if (_brackets.Count > 0 && !_aborted)
        {
            var (open, line, column) = _brackets.Peek();
            Error(line, column, $"'{open}' was never closed");
        }

        if (_lineHasTokens && !_aborted)
        {
            Add(PythonTokenKind.Newline, _source.Length, 0);
        }
    }

    private void ConsumeNewline()
    {
        _position += _source[_position] == '\r' && _position + 1 < _source.Length && _source[_position + 1] == '\n' ? 2 : 1;
        _line++;
        _lineStart = _position;
        if (_brackets.Count == 0)
        {
            _lineHasTokens = false;
        }
    }

    private void ReadContinuation()
    {
        var next = _position + 1;
        if (next < _source.Length && _source[next] is '\n' or '\r')
        {
            // An explicit line join: the logical line goes on, so it keeps its tokens.
            var hadTokens = _lineHasTokens;
            _position = next;
            ConsumeNewline();
            _lineHasTokens = hadTokens;
            return;
        }

        if (next >= _source.Length)
        {
            Error(_line, Column(_position), "unexpected end of file after line continuation character");
        }
        else
        {
            Error(_line, Column(_position), "unexpected character after line continuation character");
        }

        _position++;
    }

    private void ReadNameOrPrefixedString()
    {
        var start = _position;
        var end = start + 1;
        while (end < _source.Length && IsIdentifierPart(_source[end]))
        {
            end++;
        }

        if (end < _source.Length && _source[end] is '"' or '\'' && end - start <= 2 && IsStringPrefix(_source.AsSpan(start, end - start)))
        {
            ReadString(start, end);
            return;
        }

        Add(PythonTokenKind.Name, start, end - start);
    }

    private void ReadString(int start, int quote)
    {
        var prefix = _source.AsSpan(start, quote - start);
        var formatted = prefix.IndexOfAny("fFtT") >= 0;
        var (end, error) = StringEnd(quote, formatted, 0);
        if (error is not null)
        {
            Error(_line, Column(start), error);
        }

        Add(PythonTokenKind.String, start, end - start);
        AdvanceLines(start, end);
    }

    // Returns where the string whose opening quote is at `quote` ends (just after its closing quotes), or where reading
    // stopped with the error that stopped it. A backslash always keeps the next character, also in raw strings: r"\"" is one string.
    private (int End, string? Error) StringEnd(int quote, bool formatted, int nesting)
    {
        if (nesting > MaxNesting)
        {
            _aborted = true;
            return (_source.Length, $"strings nested more than {MaxNesting} deep");
        }

        var q = _source[quote];
        var triple = quote + 2 < _source.Length && _source[quote + 1] == q && _source[quote + 2] == q;
        var i = quote + (triple ? 3 : 1);
        while (true)
        {
            if (i >= _source.Length)
            {
                return (_source.Length, triple ? "unterminated triple-quoted string literal" : "unterminated string literal");
            }

            var c = _source[i];
            if (c == '\\')
            {
                i += formatted && i + 1 < _source.Length && _source[i + 1] is '{' or '}' ? 1 : 2;
                if (i - 1 < _source.Length && _source[i - 1] == '\r' && i < _source.Length && _source[i] == '\n')
                {
                    i++;
                }

                continue;
            }

            if (c is '\n' or '\r' && !triple)
            {
                return (i, "unterminated string literal");
            }

            if (c == q && (!triple || (i + 2 < _source.Length && _source[i + 1] == q && _source[i + 2] == q)))
            {
                return (i + (triple ? 3 : 1), null);
            }

            if (formatted && c == '{')
            {
                if (i + 1 < _source.Length && _source[i + 1] == '{')
                {
                    i += 2;
                    continue;
                }

                var (fieldEnd, error) = ReplacementFieldEnd(i + 1, nesting + 1);
                if (error is not null)
                {
                    return (fieldEnd, error);
                }

                i = fieldEnd;
                continue;
            }

            i++;
        }
    }

    // Reads an f-string replacement field from just after its '{' to just after its '}': an expression with its own
    // brackets and strings, then an optional !conversion and :format spec, which may hold nested fields.
    private (int End, string? Error) ReplacementFieldEnd(int i, int nesting)
    {
        var depth = 0;
        while (true)
        {
            if (i >= _source.Length)
            {
                return (_source.Length, "f-string: expecting '}'");
            }

            var c = _source[i];
            if (c is '"' or '\'')
            {
                var (end, error) = StringEnd(i, formatted: false, nesting);
                if (error is not null)
                {
                    return (end, error);
                }

                i = end;
            }
            else if (IsIdentifierStart(c))
            {
                var end = i + 1;
                while (end < _source.Length && IsIdentifierPart(_source[end]))
                {
                    end++;
                }

                if (end < _source.Length && _source[end] is '"' or '\'' && end - i <= 2 && IsStringPrefix(_source.AsSpan(i, end - i)))
                {
                    var (stringEnd, error) = StringEnd(end, _source.AsSpan(i, end - i).IndexOfAny("fFtT") >= 0, nesting);
                    if (error is not null)
                    {
                        return (stringEnd, error);
                    }

                    end = stringEnd;
                }

                i = end;
            }
            else if (c == '#')
            {
                while (i < _source.Length && _source[i] is not ('\n' or '\r'))
                {
                    i++;
                }
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
                i++;
            }
            else if (c is ')' or ']')
            {
                depth--;
                i++;
            }
            else if (c == '}')
            {
                if (depth <= 0)
                {
                    return (i + 1, null);
                }

                depth--;
                i++;
            }
            else if (c == ':' && depth <= 0)
            {
                return FormatSpecEnd(i + 1, nesting);
            }
            else
            {
                i++;
            }
        }
    }

    private (int End, string? Error) FormatSpecEnd(int i, int nesting)
    {
        while (true)
        {
            if (i >= _source.Length)
            {
                return (_source.Length, "f-string: expecting '}'");
            }

            var c = _source[i];
            if (c == '}')
            {
                return (i + 1, null);
            }

            if (c == '{')
            {
                var (end, error) = ReplacementFieldEnd(i + 1, nesting + 1);
                if (error is not null)
                {
                    return (end, error);
                }

                i = end;
                continue;
            }

            if (c is '\n' or '\r')
            {
                return (i, "f-string: newline in format specifier");
            }

            i++;
        }
    }

    private int NumberEnd(int i)
    {
        if (_source[i] == '0' && i + 1 < _source.Length && _source[i + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            i += 2;
            while (i < _source.Length && (char.IsAsciiLetterOrDigit(_source[i]) || _source[i] == '_'))
            {
                i++;
            }

            return i;
        }

        i = Digits(i);
        if (i < _source.Length && _source[i] == '.')
        {
            i = Digits(i + 1);
        }

        if (i < _source.Length && _source[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < _source.Length && _source[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < _source.Length && char.IsAsciiDigit(_source[exponent]))
            {
                i = Digits(exponent);
            }
        }

        return i < _source.Length && _source[i] is 'j' or 'J' or 'l' or 'L' ? i + 1 : i;
    }

    private int Digits(int i)
    {
        while (i < _source.Length && (char.IsAsciiDigit(_source[i]) || _source[i] == '_'))
        {
            i++;
        }

        return i;
    }

    private void ReadOperator()
    {
        var rest = _source.AsSpan(_position);
        var length = StartsWithAny(rest, ThreeCharOperators) ? 3
            : StartsWithAny(rest, TwoCharOperators) ? 2
            : OneCharOperators.Contains(rest[0], StringComparison.Ordinal) ? 1
            : 0;
        if (length == 0)
        {
            Error(_line, Column(_position), $"invalid character '{Printable(rest[0])}'");
            _position++;
            return;
        }

        var c = rest[0];
        if (length == 1 && c is '(' or '[' or '{')
        {
            _brackets.Push((c, _line, Column(_position)));
        }
        else if (length == 1 && c is ')' or ']' or '}')
        {
            if (_brackets.Count == 0)
            {
                Error(_line, Column(_position), $"unmatched '{c}'");
            }
            else if (Closer(_brackets.Pop().Open) != c)
            {
                Error(_line, Column(_position), $"closing parenthesis '{c}' does not match");
            }
        }

        Add(PythonTokenKind.Operator, _position, length);
    }

    private void Add(PythonTokenKind kind, int start, int length)
    {
        if (_tokens.Count >= _maxTokens)
        {
            _aborted = true;
            Error(_line, Column(start), $"more than {_maxTokens.ToString(CultureInfo.InvariantCulture)} tokens");
            return;
        }

        _tokens.Add(new PythonToken(kind, _source.Substring(start, length), start, _line, Column(start)));
        _position = start + length;
        _lineHasTokens = kind != PythonTokenKind.Newline;
    }

    // A token that spans lines (a triple-quoted string) moves the line counter to where it ends.
    private void AdvanceLines(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (_source[i] == '\n' || (_source[i] == '\r' && (i + 1 >= _source.Length || _source[i + 1] != '\n')))
            {
                _line++;
                _lineStart = i + 1;
            }
        }
    }

    private void Error(int line, int column, string message)
    {
        // Only the first few are kept: one is enough to fail closed, a flood of them says nothing more.
        if (_errors.Count < 5)
        {
            _errors.Add(new PythonSyntaxError(line, column, message));
        }
    }

    private int Column(int offset) => offset - _lineStart + 1;

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] operators)
    {
        foreach (var op in operators)
        {
            if (text.StartsWith(op, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static char Closer(char open) => open switch { '(' => ')', '[' => ']', _ => '}' };

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();

    private static bool IsStringPrefix(ReadOnlySpan<char> prefix)
    {
        Span<char> lower = stackalloc char[prefix.Length];
        prefix.ToLowerInvariant(lower);
        return lower is "r" or "u" or "b" or "f" or "t" or "br" or "rb" or "fr" or "rf" or "tr" or "rt";
    }

    private static bool IsIdentifierStart(char c) =>
        c == '_' || char.IsAsciiLetter(c) || (c > 127 && (char.IsLetter(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber));

    private static bool IsIdentifierPart(char c) =>
        IsIdentifierStart(c) || char.IsAsciiDigit(c) || (c > 127 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation);
}

/// <summary>A lexical error: where it is and what is wrong.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Message">What is wrong, as CPython words it where it can.</param>
internal sealed record PythonSyntaxError(int Line, int Column, string Message);

/// <summary>The result of tokenising one source.</summary>
/// <param name="Tokens">The tokens read.</param>
/// <param name="Errors">The first lexical errors, each with its line and column; empty when the source is well formed.</param>
/// <param name="Aborted">Whether reading stopped before the end (token or nesting cap).</param>
internal sealed record PythonTokens(IReadOnlyList<PythonToken> Tokens, IReadOnlyList<PythonSyntaxError> Errors, bool Aborted);
