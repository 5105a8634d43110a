using System.Text;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>
/// Passes delimited text through to the CSV parser but ends it (as if the file ended) inside a row longer than the cap, so that
/// one huge row (a 1 GB quoted field) is never buffered whole; rows end at line feeds outside double quotes, as the parser reads them.
/// </summary>
/// <param name="inner">The decoded text.</param>
/// <param name="maxRowChars">The longest row let through.</param>
internal sealed class RowCapReader(TextReader inner, long maxRowChars) : TextReader
{
    private long _sinceRowEnd;
    private bool _quoted;
    private long _line = 1;
    private long _rowStartLine = 1;

    /// <summary>Gets the UTF-8 bytes of the text passed through so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Gets the line the cut row starts on, or 0 while no row was cut.</summary>
    public long CutLine { get; private set; }

    /// <inheritdoc />
    public override int Read(Span<char> buffer)
    {
        if (CutLine > 0)
        {
            return 0;
        }

        var read = inner.Read(buffer);
        var span = buffer[..read];
        if (_sinceRowEnd + read <= maxRowChars && TryPassWhole(span))
        {
            BytesRead += Encoding.UTF8.GetByteCount(span);
            return read;
        }

        var position = 0;
        while (position < span.Length)
        {
            var next = span[position..].IndexOfAny('"', '\n');
            var step = next < 0 ? span.Length - position : next + 1;
            if (_sinceRowEnd + step > maxRowChars)
            {
                // Let the row through up to the cap, then end the text: the parser sees a last, cut row.
                var keep = position + (int)(maxRowChars - _sinceRowEnd);
                CutLine = _rowStartLine;
                BytesRead += Encoding.UTF8.GetByteCount(span[..keep]);
                return keep;
            }

            _sinceRowEnd += step;
            if (next >= 0)
            {
                var c = span[position + next];
                if (c == '"')
                {
                    _quoted = !_quoted;
                }
                else
                {
                    _line++;
                    if (!_quoted)
                    {
                        _sinceRowEnd = 0;
                        _rowStartLine = _line;
                    }
                }
            }

            position += step;
        }

        BytesRead += Encoding.UTF8.GetByteCount(span);
        return read;
    }

    /// <summary>
    /// Takes in a chunk that cannot hold a cut (it is shorter than what the current row may still grow by) with a few vectorised
    /// counts instead of a stop at every quote: the quote parity, the lines, and where the last row that ends in it ends.
    /// Returns false, having changed nothing, when the chunk's last line feed is inside quotes; the caller then walks it.
    /// </summary>
    private bool TryPassWhole(ReadOnlySpan<char> span)
    {
        var last = span.LastIndexOf('\n');
        if (last < 0)
        {
            _quoted ^= (span.Count('"') & 1) == 1;
            _sinceRowEnd += span.Length;
            return true;
        }

        var quotesBefore = span[..last].Count('"');
        if (_quoted ^ ((quotesBefore & 1) == 1))
        {
            return false;
        }

        _quoted ^= ((quotesBefore + span[last..].Count('"')) & 1) == 1;
        _line += span.Count('\n');
        _sinceRowEnd = span.Length - last - 1;
        _rowStartLine = _line;
        return true;
    }

    /// <inheritdoc />
    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
