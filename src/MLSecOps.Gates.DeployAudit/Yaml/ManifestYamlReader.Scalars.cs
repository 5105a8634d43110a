using System.Globalization;
using System.Text;

namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <content>Plain, quoted and block scalars, and single-line flow collections.</content>
internal sealed partial class ManifestYamlReader
{
    /// <content>Plain, quoted and block scalars, and single-line flow collections.</content>
    private sealed partial class Cursor
    {
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
                var firstItem = _items.Count;
                while (true)
                {
                    SkipFlowSpaces();
                    if (Current == ']')
                    {
                        break;
                    }

                    _items.Add(ReadFlowNode(depth + 1));
                    SkipFlowSeparator(']');
                }

                // YamlDotNet marks a flow collection's end at its closing bracket, not after it.
                var end = Mark();
                _p++;
                return new YSeq(Take(_items, firstItem), Between(start, end));
            }

            var firstEntry = _entries.Count;
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

                _entries.Add(new(key, ReadFlowNode(depth + 1)));
                SkipFlowSeparator('}');
            }

            var close = Mark();
            _p++;
            return new YMap(Take(_entries, firstEntry), Between(start, close));
        }

        /// <summary>Moves past the comma after a flow item or entry; without one, the collection must close next.</summary>
        private void SkipFlowSeparator(char close)
        {
            SkipFlowSpaces();
            if (Current == ',')
            {
                _p++;
            }
            else if (Current != close)
            {
                Decline();
            }
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
