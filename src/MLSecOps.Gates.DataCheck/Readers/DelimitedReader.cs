using MLSecOps.Gates.DataCheck.Scanning;
using nietras.SeparatedValues;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>Reads CSV, TSV, PSV with Sep (quoted fields, embedded newlines, BOM); the first row is a header when it looks like one.</summary>
internal static class DelimitedReader
{
    /// <summary>Reads every row of <paramref name="reader"/> into <paramref name="row"/> and hands it to <paramref name="onRow"/>.</summary>
    public static void Read(TextReader reader, char separator, DataRow row, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        var options = new SepReaderOptions(Sep.New(separator)) { HasHeader = false, Unescape = true, DisableColCountCheck = true };
        using var sep = options.From(reader);
        string[]? names = null;
        long index = 0;
        foreach (var r in sep)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (names is null)
            {
                names = HeaderOf(r, out var isHeader);
                row.FieldNames = names;
                if (isHeader)
                {
                    continue;
                }
            }

            Hand(r, row, index++, onRow);
        }
    }

    /// <summary>
    /// Copies one row's fields into <paramref name="row"/> and hands it over. A method of its own, called once per row, so that the
    /// ReadyToRun tool re-compiles it hot with Sep's accessors inlined: the loop above runs once and keeps its precompiled code, where
    /// calls into another assembly are not inlined.
    /// </summary>
    private static void Hand(SepReader.Row r, DataRow row, long index, Action<DataRow> onRow)
    {
        row.BeginFields(r.LineNumberFrom, index);
        for (var c = 0; c < r.ColCount; c++)
        {
            row.Append(r[c].Span);
        }

        onRow(row);
    }

    private static string[] HeaderOf(SepReader.Row first, out bool isHeader)
    {
        var cells = new string[first.ColCount];
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        isHeader = true;
        for (var c = 0; c < cells.Length; c++)
        {
            var cell = first[c].Span.Trim();
            cells[c] = cell.ToString();
            if (cell.IsEmpty || cell.Length > 64 || double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _) || cell.Contains('@') || !distinct.Add(cells[c]))
            {
                isHeader = false;
            }
        }

        return isHeader ? cells : [.. Enumerable.Range(1, cells.Length).Select(i => $"column {i}")];
    }
}
