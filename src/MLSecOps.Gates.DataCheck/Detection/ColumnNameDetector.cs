using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Reports non-empty values of columns whose names say they hold names, addresses or dates of birth (DAT016).</summary>
internal sealed class ColumnNameDetector : IRowDetector
{
    private IReadOnlyList<string>? _namesSeen;

    // Whether any column of the names seen is one this detector reads: most files have none, and their rows are passed over at once.
    private bool _anyColumn;
    private string?[] _entities = [];

    /// <inheritdoc />
    public void Scan(DataRow row, HitCollector hits)
    {
        if (row.Layout != FieldLayout.Explicit)
        {
            return;
        }

        if (!ReferenceEquals(_namesSeen, row.FieldNames))
        {
            _namesSeen = row.FieldNames;
            _entities = [.. row.FieldNames.Select(PersonalDataColumn.EntityOf)];
            _anyColumn = Array.Exists(_entities, e => e is not null);
        }

        if (!_anyColumn)
        {
            return;
        }

        for (var f = 0; f < _entities.Length && f < row.FieldCount; f++)
        {
            if (_entities[f] is { } entity && row.Field(f).Trim() is { IsEmpty: false } value && PersonalDataColumn.IsPlausible(entity, value))
            {
                var offset = row.Text.Overlaps(value, out var at) ? at : 0;
                hits.Report(PersonalDataColumn.Descriptor, PersonalDataColumn.Descriptor.DefaultSeverity, entity, row, offset, PersonalDataColumn.Mask(value));
            }
        }
    }
}
