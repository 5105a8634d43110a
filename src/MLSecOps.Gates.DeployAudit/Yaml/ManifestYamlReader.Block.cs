namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <content>Block mappings and sequences, and the keys and values in them.</content>
internal sealed partial class ManifestYamlReader
{
    /// <content>Block mappings and sequences, and the keys and values in them.</content>
    private sealed partial class Cursor
    {
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
            var firstEntry = _entries.Count;
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
                _entries.Add(new(key, value));
                if (AtEnd || Indent < indent || IsMarker('-'))
                {
                    break;
                }

                if (Indent > indent || IsEntryDash() || !TryReadKey(out key, out colonEnd))
                {
                    Decline();
                }
            }

            return new YMap(Take(_entries, firstEntry), Between(start, EndMark(indent)));
        }

        private YSeq ReadBlockSequence(int indent, int depth, bool indentless)
        {
            var start = Mark();
            var firstItem = _items.Count;
            while (true)
            {
                CheckDepth(depth + 1);
                _p++;
                var dashEnd = Mark();
                _items.Add(ReadValue(indent, depth + 1, dashEnd, inMapping: false));
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

            return new YSeq(Take(_items, firstItem), Between(start, EndMark(indent)));
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

    }
}
