using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Finds credentials (DAT020-DAT023): one multi-string search for provider prefixes and secret-ish names, then a validator per prefix.</summary>
internal sealed class SecretDetector : ICandidateDetector
{
    // Provider prefixes are case-sensitive; the fine-grained GitHub prefix is found by its rarer tail.
    private static readonly AnchoredSearch s_prefixes = new(
        [
            ("AKIA", null), ("ASIA", null), ("ABIA", null), ("ACCA", null), ("ghp_", null), ("gho_", null), ("ghu_", null), ("ghs_", null), ("ghr_", null),
            ("github_pat_", "thub_pat_"), ("glpat-", null), ("hf_", null), ("sk-", null), ("xox", null), ("sk_live_", null), ("rk_live_", null), ("sk_test_", null),
            ("AIza", null), ("eyJ", null), ("-----BEGIN", null), ("://", null), ("AccountKey=", null),
        ],
        StringComparison.Ordinal);

    // Secret-ish names in any case, each found by a part whose first letters are rare in prose (not `pas`, `sec`, `acc`, `pri`).
    private static readonly AnchoredSearch s_names = new(
        [
            ("password", "ssword"), ("passwd", "sswd"), ("pwd", null), ("secret", "ecret"), ("token", null), ("api_key", null), ("apikey", null), ("api-key", null),
            ("access_key", "ss_key"), ("private_key", "te_key"),
        ],
        StringComparison.OrdinalIgnoreCase);

    // The next match of each search at or after the last `from`; kept between calls over one text so that a text with many matches
    // of one search is not searched again to the end for the other each time (a URL in every row and no secret name would be quadratic).
    private LookAhead _prefix;
    private LookAhead _name;

    /// <inheritdoc />
    public int NextCandidate(ReadOnlySpan<char> text, int from)
    {
        var prefix = _prefix.Next(s_prefixes, text, from);
        var name = _name.Next(s_names, text, from);
        return prefix < 0 ? name : name < 0 ? prefix : Math.Min(prefix, name);
    }

    /// <inheritdoc />
    public void Scan(DataRow row, HitCollector hits)
    {
        var text = row.Text;
        var nextPrefix = s_prefixes.Next(text, 0);
        var nextName = s_names.Next(text, 0);
        while (nextPrefix >= 0 || nextName >= 0)
        {
            var p = nextName < 0 || (nextPrefix >= 0 && nextPrefix <= nextName) ? nextPrefix : nextName;
            var i = Match(row, hits, p);
            if (nextPrefix >= 0 && nextPrefix < i)
            {
                nextPrefix = s_prefixes.Next(text, i);
            }

            if (nextName >= 0 && nextName < i)
            {
                nextName = s_names.Next(text, i);
            }
        }

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
}
