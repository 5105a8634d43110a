namespace MLSecOps.Gates.DataCheck.Tests.Readers;

/// <summary>
/// The Parquet page decoder on pages damaged in one way each behind valid footers (tests/fixtures/data-check/parquet/
/// hostile-pages/generate.py): a Snappy page is exactly its declared size or DAT001, and values decoded ahead in blocks
/// still fail at the value where the damage is, after the rows before it are scanned.
/// </summary>
public sealed class ParquetPageTests
{
    [Test]
    public async Task ValidSnappyPage_FromTheSameGenerator_IsReadToItsValues()
    {
        // Given the control page the damaged one is changed from: one Snappy literal holding "hello" and an e-mail
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", "hostile-pages", "snappy-valid.parquet"));

        // Then the e-mail is found on its row, so the damaged file fails because of its one change
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 text (row 2)" }));
    }

    [Test]
    public async Task SnappyPageWritingPastItsDeclaredSize_IsIncompleteNotCutToThatSize()
    {
        // Given a Snappy page whose literal holds 10 bytes more than the page header and the Snappy preamble declare
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", "hostile-pages", "snappy-longer-than-page.parquet"));

        // Then the page is corrupt (it was decompressed into a larger pooled buffer and silently cut before), and no row is read
        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "DAT001" }), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[0].Message, Does.Contain("failed after 0 rows (InvalidDataException: Data too long)"));
    }

    [Test]
    public async Task DictionaryIndicesEndingEarly_ScanTheRowsBeforeAndFailAtTheFirstMissingIndex()
    {
        // Given 600 declared dictionary-encoded values whose index runs end after 300, the e-mail's index on value 280 (the
        // second block of 256 indices decoded at once holds it and ends early)
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", "hostile-pages", "indices-cut-short.parquet"));

        // Then the 300 rows before the damage are scanned and the damage is reported at value 301, as one-at-a-time decoding did
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}: {f.Message}"), Is.EquivalentTo(new[]
        {
            "DAT010 text (row 280): 1 e-mail address value in `text` (1 of 300 rows, 0.3 %); first at row 280: j***@gmail.com.",
            "DAT001 : Scan incomplete: the Parquet reader failed after 300 rows (InvalidDataException: RLE/bit-packed data ended before its values).",
        }));
    }
}
