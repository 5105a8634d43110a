using System.Buffers;
using System.Globalization;
using System.Text;

namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>
/// Reads the subset of YAML that Kubernetes manifests are written in straight from the text, into the same
/// <see cref="YNode"/> trees (values, styles, marks and weights) that <see cref="BoundedYamlReader"/> builds from
/// YamlDotNet's parser events, without the scanner's tokens and events. The subset: block mappings and sequences,
/// single-line plain and quoted scalars, literal and folded block scalars, single-line flow collections and comments.
/// Anything else (anchors, aliases, tags, merge keys, complex keys, multi-line plain or quoted scalars, multi-line
/// flow collections, directives, empty documents, tabs, CR line ends, control characters), any text that is not
/// valid YAML and any text near a limit makes it decline, and the caller reads the text with YamlDotNet: errors and
/// limit findings are always YamlDotNet's.
/// </summary>
internal sealed class ManifestYamlReader
{
    /// <summary>Simple keys longer than this are not simple keys to YamlDotNet; such a text is declined.</summary>
    private const int MaxKeyLength = 1000;

    /// <summary>Strings up to this length are shared through the per-thread table (keys and short values repeat across manifests).</summary>
    private const int SharedStringLength = 40;

    /// <summary>The per-thread table is cleared when it holds this many strings, so it stays small.</summary>
    private const int SharedStringCapacity = 8192;

    /// <summary>Characters the subset leaves out: controls but the line feed, CR, tab, NEL, the line and paragraph separators, the BOM, surrogates and the non-characters.</summary>
    private static readonly SearchValues<char> s_declined = SearchValues.Create(Declined());

    [ThreadStatic]
    private static Dictionary<string, string>? t_shared;

    private readonly YamlLimits _limits;

    public ManifestYamlReader(YamlLimits limits) => _limits = limits;

    /// <summary>Reads every document of <paramref name="text"/>, or returns null when the text is outside the subset (then YamlDotNet must read it).</summary>
    public YamlReadResult? TryRead(string text)
    {
        if (text.AsSpan().IndexOfAny(s_declined) >= 0)
        {
            return null;
        }

        t_shared ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (t_shared.Count > SharedStringCapacity)
        {
            t_shared.Clear();
        }

        var cursor = new Cursor(text, _limits, t_shared.GetAlternateLookup<ReadOnlySpan<char>>());
        return cursor.ReadStream();
    }

    private static string Declined()
    {
        var chars = new StringBuilder();
        for (var c = 0; c < 0x20; c++)
        {
            if (c != '\n')
            {
                chars.Append((char)c);
            }
        }

        for (var c = 0x7F; c <= 0x9F; c++)
        {
            chars.Append((char)c);
        }

        for (var c = 0xD800; c <= 0xDFFF; c++)
        {
            chars.Append((char)c);
        }

        return chars.Append('\u2028').Append('\u2029').Append('\uFEFF').Append('\uFFFE').Append('\uFFFF').ToString();
    }

    /// <summary>Thrown where the text leaves the subset; caught once, at the top.</summary>
    private sealed class DeclinedException : Exception
    {
        public static readonly DeclinedException Instance = new();
    }

    /// <summary>A position in the text and the state of one read.</summary>
    private sealed class Cursor
    {
        private readonly string _t;
        private readonly YamlLimits _limits;
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _shared;
        private int _p;
        private int _line = 1;
        private int _lineStart;

        public Cursor(string text, YamlLimits limits, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> shared)
        {
            _t = text;
            _limits = limits;
            _shared = shared;
        }

        private bool AtEnd => _p >= _t.Length;

        private char Current => _p < _t.Length ? _t[_p] : '\0';

        /// <summary>Gets the 0-based column of the cursor (its indentation when it stands on a line's first token).</summary>
        private int Indent => _p - _lineStart;

        public YamlReadResult? ReadStream()
        {
            try
            {
                var documents = new List<YDocument>();
                SkipToToken();
                while (!AtEnd)
                {
                    if (IsMarker('-'))
                    {
                        _p += 3;
                        RestOfLineIsBlank();
                        SkipToToken();
                        if (AtEnd || IsMarker('-'))
                        {
                            Decline();
                        }
                    }
                    else if (documents.Count > 0)
                    {
                        Decline();
                    }

                    if (documents.Count >= _limits.MaxDocuments || Indent != 0)
                    {
                        Decline();
                    }

                    var root = ReadBlockNode(0);
                    if (root.Weight > _limits.MaxWeight || !(AtEnd || IsMarker('-')))
                    {
                        Decline();
                    }

                    documents.Add(new YDocument(documents.Count, root));
                }

                return new YamlReadResult(documents, null);
            }
            catch (DeclinedException)
            {
                return null;
            }
        }

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        private static void Decline() => throw DeclinedException.Instance;

        /// <summary>Whether the cursor is at a document marker (<c>---</c> or <c>...</c>) in column 1; <c>...</c> is declined.</summary>
        private bool IsMarker(char c)
        {
            if (Indent != 0 || _p + 3 > _t.Length)
            {
                return false;
            }

            var marker = _t[_p] == c && _t[_p + 1] == c && _t[_p + 2] == c && (_p + 3 == _t.Length || _t[_p + 3] is ' ' or '\n');
            if (!marker && _t[_p] == '.' && _t[_p + 1] == '.' && _t[_p + 2] == '.' && (_p + 3 == _t.Length || _t[_p + 3] is ' ' or '\n'))
            {
                Decline();
            }

            return marker;
        }

        /// <summary>Skips spaces, comments and line breaks to the next token (or the end).</summary>
        private void SkipToToken()
        {
            while (_p < _t.Length)
            {
                var c = _t[_p];
                if (c == ' ')
                {
                    _p++;
                }
                else if (c == '\n')
                {
                    NewLine();
                }
                else if (c == '#' && (_p == _lineStart || _t[_p - 1] == ' '))
                {
                    var eol = _t.IndexOf('\n', _p);
                    _p = eol < 0 ? _t.Length : eol;
                }
                else
                {
                    if (c == '%' && _p == _lineStart)
                    {
                        Decline();
                    }

                    return;
                }
            }
        }

        private void NewLine()
        {
            _p++;
            _line++;
            _lineStart = _p;
        }

        /// <summary>After a token that must end its line: only spaces and a comment may follow.</summary>
        private void RestOfLineIsBlank()
        {
            var start = _p;
            while (_p < _t.Length && _t[_p] == ' ')
            {
                _p++;
            }

            if (_p < _t.Length && _t[_p] != '\n' && !(_t[_p] == '#' && _p > start))
            {
                Decline();
            }
        }

        /// <summary>Gets the mark of the cursor.</summary>
        private TextSpan Mark()
        {
            var column = _p - _lineStart + 1;
            return new TextSpan(_line, column, _line, column);
        }

        /// <summary>
        /// Gets where a block collection indented by <paramref name="indent"/> ends: at the next token; at the end of a text
        /// whose last line is not ended, YamlDotNet closes the collections indented deeper than that line there, and the
        /// rest at the start of the line after it.
        /// </summary>
        private TextSpan EndMark(int indent) => AtEnd && Indent > 0 && indent <= Indent ? new TextSpan(_line + 1, 1, _line + 1, 1) : Mark();

        private static TextSpan Between(TextSpan start, TextSpan end) => new(start.Line, start.Column, end.EndLine, end.EndColumn);

        private void CheckDepth(int depth)
        {
            if (depth > _limits.MaxDepth)
            {
                Decline();
            }
        }

        /// <summary>Reads the collection that starts at the cursor, on a line of its own.</summary>
        private YNode ReadBlockNode(int depth)
        {
            CheckDepth(depth);
            if (IsEntryDash())
            {
                return ReadBlockSequence(Indent, depth, indentless: false);
            }

            var at = _p;
            if (TryReadKey(out var key, out var colonEnd))
            {
                return ReadBlockMapping(at - _lineStart, depth, key, colonEnd);
            }

            throw DeclinedException.Instance;
        }

        private bool IsEntryDash() => Current == '-' && (_p + 1 == _t.Length || _t[_p + 1] is ' ' or '\n');

        private YMap ReadBlockMapping(int indent, int depth, YScalar firstKey, TextSpan firstColonEnd)
        {
            var start = new TextSpan(firstKey.Span.Line, firstKey.Span.Column, firstKey.Span.Line, firstKey.Span.Column);
            var entries = new List<KeyValuePair<YScalar, YNode>>();
            var key = firstKey;
            var colonEnd = firstColonEnd;
            while (true)
            {
                CheckDepth(depth + 1);
                if (key.IsPlain && key.Value == "<<")
                {
                    Decline();
                }

                var value = ReadValue(indent, depth + 1, colonEnd, inMapping: true);
                entries.Add(new(key, value));
                if (AtEnd || Indent < indent || IsMarker('-'))
                {
                    break;
                }

                if (Indent > indent || IsEntryDash() || !TryReadKey(out key, out colonEnd))
                {
                    Decline();
                }
            }

            return new YMap(entries.ToArray(), Between(start, EndMark(indent)));
        }

        private YSeq ReadBlockSequence(int indent, int depth, bool indentless)
        {
            var start = Mark();
            var items = new List<YNode>();
            while (true)
            {
                CheckDepth(depth + 1);
                _p++;
                var dashEnd = Mark();
                items.Add(ReadValue(indent, depth + 1, dashEnd, inMapping: false));
                if (AtEnd || Indent < indent || IsMarker('-'))
                {
                    break;
                }

                if (Indent > indent)
                {
                    Decline();
                }

                if (!IsEntryDash())
                {
                    if (indentless)
                    {
                        break;
                    }

                    Decline();
                }
            }

            return new YSeq(items.ToArray(), Between(start, EndMark(indent)));
        }

        /// <summary>
        /// Reads the value after a key's colon or an entry's dash (<paramref name="emptyMark"/> is just after it, where an
        /// empty value is marked) and moves to the next token. <paramref name="indent"/> is the collection's indentation.
        /// </summary>
        private YNode ReadValue(int indent, int depth, TextSpan emptyMark, bool inMapping)
        {
            while (Current == ' ')
            {
                _p++;
            }

            var c = Current;
            if (AtEnd || c == '\n' || (c == '#' && _t[_p - 1] == ' '))
            {
                SkipToToken();
                if (!AtEnd && Indent > indent && !IsMarker('-'))
                {
                    return ReadBlockNode(depth);
                }

                if (inMapping && !AtEnd && Indent == indent && IsEntryDash())
                {
                    CheckDepth(depth);
                    return ReadBlockSequence(indent, depth, indentless: true);
                }

                return new YScalar("", plain: true, emptyMark);
            }

            if (c is '|' or '>')
            {
                return ReadBlockScalar(indent);
            }

            if (!inMapping)
            {
                var at = _p;
                if (IsEntryDash())
                {
                    Decline();
                }

                if (TryReadKey(out var key, out var colonEnd))
                {
                    return ReadBlockMapping(at - _lineStart, depth, key, colonEnd);
                }
            }

            YNode node = c switch
            {
                '"' or '\'' => ReadQuoted(),
                '[' or '{' => ReadFlow(depth),
                _ => ReadPlain(),
            };
            RestOfLineIsBlank();
            SkipToToken();
            if (!AtEnd && Indent > indent)
            {
                // A more indented line continues a plain scalar, or is an error; YamlDotNet decides.
                Decline();
            }

            return node;
        }

        /// <summary>Reads a key and its colon at the cursor; false (cursor unchanged) when the line holds no simple key.</summary>
        private bool TryReadKey(out YScalar key, out TextSpan colonEnd)
        {
            var at = _p;
            key = null!;
            colonEnd = default;
            var c = Current;
            if (c is '"' or '\'')
            {
                key = ReadQuoted();
                if (Current != ':' || !(_p + 1 == _t.Length || _t[_p + 1] is ' ' or '\n'))
                {
                    _p = at;
                    key = null!;
                    return false;
                }
            }
            else
            {
                if (IsIndicator(c) || c == '-')
                {
                    return false;
                }

                var end = -1;
                var i = _p;
                for (; i < _t.Length; i++)
                {
                    var ch = _t[i];
                    if (ch == '\n' || (ch == '#' && _t[i - 1] == ' '))
                    {
                        return false;
                    }

                    if (ch == ':' && (i + 1 == _t.Length || _t[i + 1] is ' ' or '\n'))
                    {
                        break;
                    }

                    if (ch != ' ')
                    {
                        end = i + 1;
                    }
                }

                if (i == _t.Length || end < 0 || end - at > MaxKeyLength)
                {
                    return false;
                }

                key = new YScalar(Share(at, end), plain: true, Span(at, end));
                _p = i;
            }

            _p++;
            colonEnd = Mark();
            return true;
        }

        /// <summary>Characters that cannot start a plain scalar (or that start a construct outside the subset).</summary>
        private static bool IsIndicator(char c) =>
            c is '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`';

        private TextSpan Span(int start, int end) => new(_line, start - _lineStart + 1, _line, end - _lineStart + 1);

        private string Share(int start, int end)
        {
            var span = _t.AsSpan(start, end - start);
            if (span.Length > SharedStringLength)
            {
                return span.ToString();
            }

            if (_shared.TryGetValue(span, out var shared))
            {
                return shared;
            }

            var text = span.ToString();
            _shared.Dictionary[text] = text;
            return text;
        }

        /// <summary>Reads a plain scalar in block context, to the end of the line or a comment.</summary>
        private YScalar ReadPlain()
        {
            var c = Current;
            if (IsIndicator(c) || (c == '-' && (_p + 1 == _t.Length || _t[_p + 1] is ' ' or '\n')))
            {
                Decline();
            }

            var start = _p;
            var end = _p;
            var i = _p;
            for (; i < _t.Length; i++)
            {
                var ch = _t[i];
                if (ch == '\n' || (ch == '#' && _t[i - 1] == ' '))
                {
                    break;
                }

                if (ch == ':' && (i + 1 == _t.Length || _t[i + 1] is ' ' or '\n'))
                {
                    Decline();
                }

                if (ch != ' ')
                {
                    end = i + 1;
                }
            }

            _p = end;
            return new YScalar(Share(start, end), plain: true, Span(start, end));
        }

        /// <summary>Reads a single-line quoted scalar; a scalar that goes on past its line, or an escape outside the common ones, is declined.</summary>
        private YScalar ReadQuoted()
        {
            var quote = _t[_p];
            var start = _p;
            StringBuilder? built = null;
            var runStart = _p + 1;
            var i = _p + 1;
            while (true)
            {
                if (i >= _t.Length || _t[i] == '\n')
                {
                    Decline();
                }

                var ch = _t[i];
                if (ch == quote)
                {
                    if (quote == '\'' && i + 1 < _t.Length && _t[i + 1] == '\'')
                    {
                        (built ??= new StringBuilder()).Append(_t, runStart, i + 1 - runStart);
                        i += 2;
                        runStart = i;
                        continue;
                    }

                    break;
                }

                if (quote == '"' && ch == '\\')
                {
                    (built ??= new StringBuilder()).Append(_t, runStart, i - runStart);
                    i = Unescape(i, built);
                    runStart = i;
                    continue;
                }

                i++;
            }

            string value;
            if (built is null)
            {
                value = Share(start + 1, i);
            }
            else
            {
                value = built.Append(_t, runStart, i - runStart).ToString();
            }

            _p = i + 1;
            return new YScalar(value, plain: false, Span(start, _p));
        }

        /// <summary>Appends the escape at <paramref name="i"/> (a backslash) and returns the index after it.</summary>
        private int Unescape(int i, StringBuilder built)
        {
            if (i + 1 >= _t.Length)
            {
                Decline();
            }

            var e = _t[i + 1];
            char? simple = e switch
            {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                ' ' => ' ',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                'a' => '\a',
                'b' => '\b',
                'e' => '\x1B',
                'f' => '\f',
                'v' => '\v',
                _ => null,
            };
            if (simple is { } s)
            {
                built.Append(s);
                return i + 2;
            }

            var digits = e switch { 'x' => 2, 'u' => 4, _ => 0 };
            var code = 0;
            if (digits == 0 || i + 2 + digits > _t.Length
                || !int.TryParse(_t.AsSpan(i + 2, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code)
                || code is >= 0xD800 and <= 0xDFFF)
            {
                throw DeclinedException.Instance;
            }

            built.Append((char)code);
            return i + 2 + digits;
        }

        /// <summary>Reads a flow collection that closes on its own line.</summary>
        private YNode ReadFlow(int depth)
        {
            CheckDepth(depth);
            var open = _t[_p];
            var start = Mark();
            _p++;
            if (open == '[')
            {
                var items = new List<YNode>();
                while (true)
                {
                    SkipFlowSpaces();
                    if (Current == ']')
                    {
                        break;
                    }

                    items.Add(ReadFlowNode(depth + 1));
                    SkipFlowSpaces();
                    if (Current == ',')
                    {
                        _p++;
                    }
                    else if (Current != ']')
                    {
                        Decline();
                    }
                }

                // YamlDotNet marks a flow collection's end at its closing bracket, not after it.
                var end = Mark();
                _p++;
                return new YSeq(items.ToArray(), Between(start, end));
            }

            var entries = new List<KeyValuePair<YScalar, YNode>>();
            while (true)
            {
                SkipFlowSpaces();
                if (Current == '}')
                {
                    break;
                }

                CheckDepth(depth + 1);
                if (ReadFlowNode(depth + 1) is not YScalar key || Current != ':' || !(_p + 1 < _t.Length && _t[_p + 1] == ' '))
                {
                    throw DeclinedException.Instance;
                }

                if (key.IsPlain && key.Value == "<<")
                {
                    Decline();
                }

                _p++;
                SkipFlowSpaces();
                if (Current is ',' or '}')
                {
                    Decline();
                }

                entries.Add(new(key, ReadFlowNode(depth + 1)));
                SkipFlowSpaces();
                if (Current == ',')
                {
                    _p++;
                }
                else if (Current != '}')
                {
                    Decline();
                }
            }

            var close = Mark();
            _p++;
            return new YMap(entries.ToArray(), Between(start, close));
        }

        private void SkipFlowSpaces()
        {
            while (Current == ' ')
            {
                _p++;
            }

            if (AtEnd || Current is '\n' or '#')
            {
                Decline();
            }
        }

        private YNode ReadFlowNode(int depth)
        {
            CheckDepth(depth);
            var c = Current;
            if (c is '[' or '{')
            {
                return ReadFlow(depth);
            }

            if (c is '"' or '\'')
            {
                return ReadQuoted();
            }

            if (IsIndicator(c) || c == '-')
            {
                Decline();
            }

            var start = _p;
            var end = _p;
            var i = _p;
            for (; i < _t.Length; i++)
            {
                var ch = _t[i];
                if (ch is ',' or '[' or ']' or '{' or '}' or '\n' || (ch == '#' && _t[i - 1] == ' '))
                {
                    break;
                }

                if (ch == ':')
                {
                    if (i + 1 < _t.Length && _t[i + 1] == ' ')
                    {
                        break;
                    }

                    Decline();
                }

                if (ch != ' ')
                {
                    end = i + 1;
                }
            }

            _p = end;
            return new YScalar(Share(start, end), plain: true, Span(start, end));
        }

        /// <summary>
        /// Reads a literal or folded block scalar with automatic indentation, as YamlDotNet's scanner does: its mark ends
        /// where the scanner stops (the first character of the first less indented non-blank line, or the end).
        /// </summary>
        private YScalar ReadBlockScalar(int parentIndent)
        {
            var start = Mark();
            var literal = _t[_p] == '|';
            _p++;
            var chomp = Current switch { '-' => -1, '+' => 1, _ => 0 };
            if (chomp != 0)
            {
                _p++;
            }

            RestOfLineIsBlank();
            if (AtEnd)
            {
                Decline();
            }

            var eol = _t.IndexOf('\n', _p);
            _p = eol;
            NewLine();

            // Leading blank lines, then the first content line fixes the indentation.
            var contentIndent = -1;
            var leadingBreaks = 0;
            for (var probe = _p; probe < _t.Length;)
            {
                var spaces = 0;
                while (probe + spaces < _t.Length && _t[probe + spaces] == ' ')
                {
                    spaces++;
                }

                if (probe + spaces < _t.Length && _t[probe + spaces] != '\n')
                {
                    contentIndent = spaces;
                    break;
                }

                if (spaces > 0 || probe + spaces >= _t.Length)
                {
                    Decline();
                }

                leadingBreaks++;
                probe += spaces + 1;
            }

            if (contentIndent <= parentIndent || contentIndent < 1)
            {
                Decline();
            }

            var value = new StringBuilder();
            value.Append('\n', leadingBreaks);
            var pendingBreaks = 0;
            var anyContent = false;
            for (var i = 0; i < leadingBreaks; i++)
            {
                NewLine();
            }

            while (true)
            {
                var spaces = 0;
                while (_p + spaces < _t.Length && _t[_p + spaces] == ' ' && spaces < contentIndent)
                {
                    spaces++;
                }

                var next = _p + spaces;
                if (next >= _t.Length)
                {
                    // The end: a last line of spaces without a line break is declined, so the mark is the stream end's.
                    if (spaces > 0)
                    {
                        Decline();
                    }

                    break;
                }

                if (_t[next] == '\n')
                {
                    pendingBreaks++;
                    _p = next;
                    NewLine();
                    continue;
                }

                if (spaces < contentIndent)
                {
                    _p = next;
                    break;
                }

                var lineEnd = _t.IndexOf('\n', next);
                if (lineEnd < 0)
                {
                    Decline();
                }

                if (!literal && _t[next] == ' ')
                {
                    Decline();
                }

                if (anyContent)
                {
                    if (literal || pendingBreaks > 0)
                    {
                        value.Append('\n', literal ? pendingBreaks + 1 : pendingBreaks);
                    }
                    else
                    {
                        value.Append(' ');
                    }
                }
                else
                {
                    value.Append('\n', pendingBreaks);
                }

                value.Append(_t, next, lineEnd - next);
                anyContent = true;
                pendingBreaks = 0;
                _p = lineEnd;
                NewLine();
            }

            if (!anyContent)
            {
                Decline();
            }

            if (chomp >= 0)
            {
                value.Append('\n', chomp > 0 ? pendingBreaks + 1 : 1);
            }

            // YamlDotNet ends the mark at the start of the line where the scalar stops.
            var end = new TextSpan(_line, 1, _line, 1);
            SkipToToken();
            if (!AtEnd && Indent > parentIndent && !IsMarker('-'))
            {
                Decline();
            }

            return new YScalar(value.ToString(), plain: false, Between(start, end), block: true);
        }
    }
}
