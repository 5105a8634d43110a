using System.Buffers;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Finds credentials (DAT020-DAT023): one multi-string search for provider prefixes and secret-ish names, then a validator per prefix.</summary>
internal sealed class SecretDetector : IRowDetector
{
    private static readonly string[] s_anchors =
    [
        "AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "hf_", "sk-", "xox",
        "sk_live_", "rk_live_", "sk_test_", "AIza", "eyJ", "-----BEGIN", "://", "AccountKey=",
        "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "private_key",
    ];

    private static readonly SearchValues<string> s_search = SearchValues.Create(s_anchors, StringComparison.OrdinalIgnoreCase);
    private IReadOnlyList<string>? _namesSeen;
    private bool[] _secretColumns = [];

    /// <inheritdoc />
    public void Scan(DataRow row, HitCollector hits)
    {
        var text = row.Text;
        var i = 0;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(s_search);
            if (next < 0)
            {
                break;
            }

            var p = i + next;
            i = Match(row, hits, p);
        }

        ScanSecretColumns(row, hits);
    }

    private static int Match(DataRow row, HitCollector hits, int p)
    {
        var text = row.Text;
        var rest = text[p..];
        var leftBoundary = p == 0 || !char.IsAsciiLetterOrDigit(text[p - 1]);
        if (leftBoundary && LeakedCredential.TryMatch(rest, out var kind, out var length))
        {
            var token = rest[..length];
            var severity = LeakedCredential.IsDocumentedExample(token) || kind.EndsWith("(test mode)", StringComparison.Ordinal) ? Severity.Info : Severity.Critical;
            hits.Report(LeakedCredential.Descriptor, severity, kind, row, p, LeakedCredential.Mask(token));
            return p + length;
        }

        if (rest.StartsWith("-----BEGIN", StringComparison.Ordinal) && PrivateKeyBlock.TryMatch(rest, out length, out var label))
        {
            hits.Report(PrivateKeyBlock.Descriptor, Severity.Critical, label, row, p, $"-----BEGIN {label}----- ****");
            return p + length;
        }

        if (rest.StartsWith("://", StringComparison.Ordinal) && DatabaseUrlPassword.TryMatchUrl(text, p, out var start, out var end, out var masked, out var entity))
        {
            hits.Report(DatabaseUrlPassword.Descriptor, DatabaseUrlPassword.Descriptor.DefaultSeverity, entity, row, start, masked);
            return end;
        }

        if (rest.StartsWith("AccountKey=", StringComparison.Ordinal) && DatabaseUrlPassword.TryMatchAccountKey(rest, out length))
        {
            hits.Report(DatabaseUrlPassword.Descriptor, DatabaseUrlPassword.Descriptor.DefaultSeverity, "Azure storage account key", row, p, "AccountKey=****");
            return p + length;
        }

        if (char.IsAsciiLetter(rest[0]) && HighEntropySecret.TryMatchAssignment(text, p, out var valueStart, out var valueLength))
        {
            var value = text.Slice(valueStart, valueLength);
            if (LeakedCredential.TryMatch(value, out _, out _))
            {
                // A provider key after `token=` is reported by its provider rule when the search reaches it.
                return valueStart;
            }

            hits.Report(HighEntropySecret.Descriptor, HighEntropySecret.Descriptor.DefaultSeverity, "high-entropy secret", row, valueStart, LeakedCredential.Mask(value));
            return valueStart + valueLength;
        }

        return p + 1;
    }

    private void ScanSecretColumns(DataRow row, HitCollector hits)
    {
        if (row.Layout != FieldLayout.Explicit)
        {
            return;
        }

        if (!ReferenceEquals(_namesSeen, row.FieldNames))
        {
            _namesSeen = row.FieldNames;
            _secretColumns = [.. row.FieldNames.Select(HighEntropySecret.IsSecretName)];
        }

        for (var f = 0; f < _secretColumns.Length && f < row.FieldCount; f++)
        {
            if (!_secretColumns[f])
            {
                continue;
            }

            var value = row.Field(f).Trim();
            if (HighEntropySecret.IsHighEntropy(value))
            {
                var offset = row.Text.Overlaps(value, out var at) ? at : 0;
                hits.Report(HighEntropySecret.Descriptor, HighEntropySecret.Descriptor.DefaultSeverity, "high-entropy secret", row, offset, LeakedCredential.Mask(value));
            }
        }
    }
}
