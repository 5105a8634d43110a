using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
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
internal sealed partial class ManifestYamlReader
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
    private sealed partial class Cursor
    {
        private readonly string _t;
        private readonly YamlLimits _limits;
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _shared;
        // One stack of entries and one of items for every collection of the read: a collection's children are pushed
        // above its parent's and taken off as one exact-size array when it closes (a list per collection, then its copy,
        // was a tenth of a scan's allocations).
        private readonly List<KeyValuePair<YScalar, YNode>> _entries = [];
        private readonly List<YNode> _items = [];
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

        private static T[] Take<T>(List<T> stack, int from)
        {
            var taken = CollectionsMarshal.AsSpan(stack)[from..].ToArray();
            stack.RemoveRange(from, stack.Count - from);
            return taken;
        }

        private static TextSpan Between(TextSpan start, TextSpan end) => new(start.Line, start.Column, end.EndLine, end.EndColumn);

        private void CheckDepth(int depth)
        {
            if (depth > _limits.MaxDepth)
            {
                Decline();
            }
        }
    }
}
