using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Reports high-entropy values in columns whose names say they hold secrets (DAT023), on every row: the value alone says nothing.</summary>
internal sealed class SecretColumnDetector : IRowDetector
{
    private IReadOnlyList<string>? _namesSeen;

    // Whether any column of the names seen is one this detector reads: most files have none, and their rows are passed over at once.
    private bool _anyColumn;
    private bool[] _secretColumns = [];

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
            _secretColumns = [.. row.FieldNames.Select(HighEntropySecret.IsSecretName)];
            _anyColumn = Array.IndexOf(_secretColumns, true) >= 0;
        }

        if (!_anyColumn)
        {
            return;
        }

        for (var f = 0; f < _secretColumns.Length && f < row.FieldCount; f++)
        {
            if (!_secretColumns[f])
            {
                continue;
            }

            var value = row.Field(f).Trim();
            // A provider key is reported by its provider rule (DAT020), not a second time as a high-entropy value.
            if (HighEntropySecret.IsHighEntropy(value) && !LeakedCredential.TryMatch(value, out _, out _))
            {
                var offset = row.Text.Overlaps(value, out var at) ? at : 0;
                hits.Report(HighEntropySecret.Descriptor, HighEntropySecret.Descriptor.DefaultSeverity, "high-entropy secret", row, offset, LeakedCredential.Mask(value));
            }
        }
    }
}
