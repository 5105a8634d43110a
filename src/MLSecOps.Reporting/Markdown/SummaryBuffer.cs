using System.Text;

namespace MLSecOps.Reporting.Markdown;

/// <summary>Collects summary lines within a UTF-8 byte budget, keeping a reserve for the closing lines and the truncation note.</summary>
internal sealed class SummaryBuffer(int maxBytes, int reserve)
{
    private readonly StringBuilder text = new();

    /// <summary>Gets how many bytes are written.</summary>
    public int Bytes { get; private set; }

    /// <summary>Gets whether a line was refused: from then on every optional line is refused.</summary>
    public bool Full { get; private set; }

    /// <summary>Appends <paramref name="line"/> if it fits before the reserve; returns whether it did.</summary>
    public bool TryLine(string line)
    {
        var size = Encoding.UTF8.GetByteCount(line) + 1;
        if (Full || Bytes + size > maxBytes - reserve)
        {
            Full = true;
            return false;
        }

        Append(line, size);
        return true;
    }

    /// <summary>Appends a closing line out of the reserve, if it still fits under the hard limit.</summary>
    public void CloseLine(string line)
    {
        var size = Encoding.UTF8.GetByteCount(line) + 1;
        if (Bytes + size <= maxBytes)
        {
            Append(line, size);
        }
    }

    /// <inheritdoc />
    public override string ToString() => text.ToString();

    private void Append(string line, int size)
    {
        text.Append(line).Append('\n');
        Bytes += size;
    }
}
