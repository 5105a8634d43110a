using System.Globalization;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Walks one BYTE_ARRAY column chunk slot by slot (a slot is one value or null with its levels): <see cref="ParquetPageLoader"/>
/// loads one page at a time, the levels say whether a slot holds a value, and <see cref="ParquetValueDecoder"/> decodes it.
/// </summary>
internal sealed class ParquetColumnCursor : IDisposable
{
    private readonly ParquetPageLoader _pages;
    private readonly ParquetValueDecoder _decoder;
    private string _name = string.Empty;
    private int _maxDefinition;
    private int _maxRepetition;
    private long _values;
    private long _slots;
    private int _pageLeft;
    private readonly RleHybridReader _definitions = new();
    private readonly RleHybridReader _repetitions = new();
    private bool _present;

    /// <summary>Initializes a new instance of the <see cref="ParquetColumnCursor"/> class; <see cref="Open"/> starts it on a chunk.</summary>
    public ParquetColumnCursor(Stream stream, ParquetReadBudget budget, CancellationToken cancellationToken)
    {
        _pages = new ParquetPageLoader(stream, budget, Corrupt, cancellationToken);
        _decoder = new ParquetValueDecoder(budget, Corrupt);
    }

    /// <summary>Starts on <paramref name="chunk"/>, keeping the page and dictionary buffers of the last chunk (the next row group's chunk of a column needs about as much).</summary>
    public void Open(ParquetColumnChunk chunk)
    {
        _name = chunk.Name;
        _maxDefinition = chunk.MaxDefinition;
        _maxRepetition = chunk.MaxRepetition;
        _values = chunk.Values;
        _slots = 0;
        _pageLeft = 0;
        _present = false;
        Repetition = 0;
        _pages.Open(chunk);
        _decoder.Open(chunk.Name);
    }

    /// <summary>Gets the repetition level of the current slot (0 starts a new row).</summary>
    public int Repetition { get; private set; }

    /// <summary>Moves to the next slot; returns false when the chunk's values are all read.</summary>
    public bool MoveNext()
    {
        if (_pageLeft == 0 && !NextPage())
        {
            return false;
        }

        _pageLeft--;
        _slots++;
        Repetition = _maxRepetition > 0 ? _repetitions.Next() : 0;
        var definition = _maxDefinition > 0 ? _definitions.Next() : 0;
        if (definition > _maxDefinition || Repetition > _maxRepetition)
        {
            throw Corrupt($"a level of {Math.Max(definition, Repetition)} is above the column's maximum");
        }

        _present = definition == _maxDefinition;
        if (_present)
        {
            _decoder.Read();
        }

        return true;
    }

    /// <summary>Appends the current slot's value (empty for a null) to <paramref name="row"/>.</summary>
    public void AppendTo(DataRow row)
    {
        if (_present)
        {
            _decoder.AppendTo(row);
        }
        else
        {
            row.Append([]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _pages.Dispose();
        _decoder.Dispose();
    }

    private bool NextPage()
    {
        while (true)
        {
            if (_slots >= _values)
            {
                return false;
            }

            if (_pages.AtEnd)
            {
                throw Corrupt($"the chunk ends after {_slots:N0} of its {_values:N0} values");
            }

            if (!_pages.TryNext(out var page))
            {
                continue;
            }

            if (page.IsDictionary)
            {
                _decoder.LoadDictionary(page);
                continue;
            }

            if (page.NumValues < 0)
            {
                throw Corrupt($"a data page declares {page.NumValues:N0} values");
            }

            _repetitions.Start(page.Repetitions);
            _definitions.Start(page.Definitions);
            _pageLeft = (int)Math.Min(page.NumValues, _values - _slots);
            _decoder.Begin(page);
            if (_pageLeft > 0)
            {
                return true;
            }
        }
    }

    private InvalidDataException Corrupt(string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"column `{_name}`: {what} (value {_slots:N0} of {_values:N0})"));
}
