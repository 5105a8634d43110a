using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests;

/// <summary>
/// The searches that let the detectors skip text (the batch search for keys and phrases, the digit and <c>@</c> search, the row cap's
/// counts per chunk) must stop wherever a detector would report: entities at batch and field edges, next to multi-byte characters,
/// next to dates and versions, keep their exact first line and column (fixtures from tests/fixtures/data-check/generate.py).
/// </summary>
public sealed class PrefilterEdgeTests
{
    [Test]
    public async Task KeysAtTheEdgeOfATextBatch_AreReportedAtTheirPlace()
    {
        // Given a text file whose row that fills the first 64 Ki-character batch ends with a key, and whose next row starts with one
        // When it is scanned
        var findings = await DataCheckFixture.ScanAsync("boundaries/batch-edge.fail.txt");

        // Then both keys and the phrase after them are reported where they are
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT020", 1109, 138, "(text)"),
            ("DAT020", 1110, 1, "(text)"),
            ("DAT031", 1110, 69, "(text)"),
        }));
    }

    [Test]
    public async Task EntitiesBetweenMultiByteCharacters_AreReportedAtTheirPlace()
    {
        // Given CSV fields where an e-mail, a card, a key (between emoji), a phrase and an SSN touch non-ASCII characters
        var findings = await DataCheckFixture.ScanAsync("boundaries/utf8.fail.csv");

        // Then each is found, its column counted in UTF-16 code units of the field's row
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT010", 2, 7, "note"),
            ("DAT012", 3, 5, "note"),
            ("DAT020", 4, 5, "note"),
            ("DAT030", 5, 4, "note"),
            ("DAT014", 6, 4, "note"),
        }));
    }

    [Test]
    public async Task EntitiesThatAreWholeFieldsNextToDates_AreReportedAtTheirPlace()
    {
        // Given a card as a first field, a phone after a date and a version, an IP after a date, dates extended by a group or a
        // decimal, and an e-mail as the last field of a file without a final line feed
        var findings = await DataCheckFixture.ScanAsync("boundaries/fields.fail.csv");

        // Then each entity is reported once, and the extended dates are not taken for anything
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT012", 2, 1, "a"),
            ("DAT011", 3, 19, "c"),
            ("DAT015", 4, 28, "b"),
            ("DAT010", 5, 5, "c"),
        }));
    }

    [Test]
    public async Task MessagesKeyOfEveryChatRecord_IsNoPhraseButAReplicationRequestIs()
    {
        // Given JSON Lines chat records, each with a `messages` key, one asking to be repeated and one with an e-mail address
        var findings = await DataCheckFixture.ScanAsync("boundaries/messages.fail.jsonl");

        // Then only that request and the address are reported
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT031", 3, 51, "content"),
            ("DAT010", 4, 49, "content"),
        }));
    }

    [Test]
    public async Task CsvRowCap_AfterManyQuotedMultiLineFields_NamesTheLineOfTheCutRow()
    {
        // Given 30,000 rows whose quoted field spans two lines (the reader's chunks often end inside quotes), an e-mail row, then
        // a row longer than the cap
        using var repo = new TempDirectory();
        var rows = string.Concat(Enumerable.Range(0, 30000).Select(i => $"{i},\"first half, {i}\nsecond half\"\n"));
        var huge = string.Concat(Enumerable.Repeat("lorem, ipsum\n", 3 * 1024 * 1024 / 26));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "quoted.csv"), $"id,text\n{rows}x,jane.doe@gmail.com\ny,\"{huge}\"\nz,after\n");

        // When max-row-mb is 1
        var findings = await DataCheckFixture.ScanAsync("quoted.csv", GateHarness.Settings(("max-row-mb", 1)), repo.Path);

        // Then the e-mail is placed on its line and the cut row is named by the line it starts on
        Assert.That(Places(findings.Where(f => f.Rule.Id != "DAT001")), Is.EqualTo(new (string, int, int?, string?)[] { ("DAT010", 60002, 3, "text") }));
        Assert.That(findings.Single(f => f.Rule.Id == "DAT001").Message, Does.Contain("the row starting on line 60,003 is longer than 1 MiB"));
    }

    [Test]
    public async Task JsonLinesReadFromBytes_CountColumnsInUtf16AfterMultiByteText_WithoutTheBomOrCarriageReturn()
    {
        // Given JSON Lines with a UTF-8 byte order mark and CRLF line ends, an e-mail after a two-byte letter and an emoji, a key after
        // three-byte characters, a raw bidi override and a phrase after a two-byte letter
        var findings = await DataCheckFixture.ScanAsync("boundaries/utf8-lines.fail.jsonl");

        // Then each is placed in UTF-16 code units of its line, as a stream reader would decode it: the mark is not counted
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT010", 1, 18, "text"),
            ("DAT020", 2, 14, "text"),
            ("DAT033", 3, 11, "text"),
            ("DAT030", 4, 17, "text"),
        }));
    }

    [Test]
    public async Task InvalidUtf8BeforeEntities_CountsEachBadSequenceAsOneReplacementCharacter()
    {
        // Given text lines whose entities follow two invalid bytes, a truncated three-byte sequence and a truncated emoji, with a
        // lone lead byte and a blank line between them
        var findings = await DataCheckFixture.ScanAsync("boundaries/invalid-utf8.fail.txt");

        // Then every entity is found, its column counting each bad sequence as one U+FFFD
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT010", 1, 7, "(text)"),
            ("DAT012", 2, 3, "(text)"),
            ("DAT020", 5, 3, "(text)"),
        }));
    }

    [Test]
    public async Task KeyAcrossTheFirstReadOfTheBytes_IsFoundOnItsLine()
    {
        // Given a JSON Lines file whose key spans byte 1,048,576, where the reader's first read ends, after multi-byte text
        using var repo = new TempDirectory();
        var builder = new System.Text.StringBuilder();
        var line = 0;
        while (System.Text.Encoding.UTF8.GetByteCount(builder.ToString()) < (1 << 20) - 400)
        {
            builder.Append("{\"text\": \"Zoë filler row ").Append(line++).Append(" with 2024-05-01 and 1.2.3 😀\"}\n");
        }

        var prefix = "{\"text\": \"東京 ";
        var before = System.Text.Encoding.UTF8.GetByteCount(builder.ToString()) + System.Text.Encoding.UTF8.GetByteCount(prefix);
        var pad = new string('x', (1 << 20) - 10 - before);
        builder.Append(prefix).Append(pad).Append(" AKIAZ7Q3KJ5D2PSWLN4X\"}\n{\"text\": \"mail jane.doe@gmail.com\"}\n");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "edge.jsonl"), builder.ToString());

        // When it is scanned
        var findings = await DataCheckFixture.ScanAsync("edge.jsonl", root: repo.Path);

        // Then the key and the e-mail after it are on their lines, columns in UTF-16 code units
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT020", line + 1, prefix.Length + pad.Length + 2, "text"),
            ("DAT010", line + 2, 16, "text"),
        }));
    }

    [Test]
    public async Task LineLongerThanTheChunk_IsReadInChunksOfWholeCharacters()
    {
        // Given a text file whose first line holds 3.5 million two-byte letters with an e-mail at its end (7 MB, more than the reader
        // holds), then a line with a card number
        using var repo = new TempDirectory();
        var text = new string('é', 3_500_000) + " jane.doe@gmail.com\nthen 4111 1111 1111 1111\n";
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "long.txt"), text);

        // When it is scanned
        var findings = await DataCheckFixture.ScanAsync("long.txt", root: repo.Path);

        // Then the e-mail is found on the first line (no letter is split between chunks into replacement characters that would hide
        // it) and the card on the second line, at its column
        Assert.That(findings.Select(f => (f.Rule.Id, f.Location.StartLine)), Is.EquivalentTo(new[] { ("DAT010", 1), ("DAT012", 2) }));
        Assert.That(findings.Single(f => f.Rule.Id == "DAT012").Location.StartColumn, Is.EqualTo(6));
    }

    [Test]
    public async Task RowThatGrowsTheBatchWhileItIsWritten_KeepsThePlacesOfEveryRowAroundIt()
    {
        // Given a CSV whose rows are written straight into the batch's text: an e-mail in an early row, then a 150,000-character field
        // that outgrows the buffer while its row is written and ends with a card, a quoted two-line field with an SSN on its second
        // line, and a key in the last row
        var findings = await DataCheckFixture.ScanAsync("boundaries/grown-batch.fail.csv");

        // Then each keeps its line and its column in its row's text, and the shares count every row once
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT010", 125, 10, "body"),
            ("DAT012", 602, 150006, "body"),
            ("DAT014", 604, 6, "body"),
            ("DAT020", 605, 5, "body"),
        }));
        Assert.That(findings.Select(f => f.Message), Has.All.Contain("(1 of 603 rows"));
    }

    [Test]
    public async Task EntitiesAtTheEdgesOfTheDigitBitMapWords_AreReportedAtTheirPlace()
    {
        // Given a line where an e-mail's `@` is the last character of a 64-character word of the digit and `@` bit map, a card starts at
        // the last character of the next, an address at the first of another and an SSN ends the line inside a word; then a line
        // ending in "version" and an address at the start of the next line
        var findings = await DataCheckFixture.ScanAsync("boundaries/trigger-words.fail.txt");

        // Then each is placed where it starts, and the second address counts: the version before it is in another row
        Assert.That(Places(findings), Is.EquivalentTo(new (string, int, int?, string?)[]
        {
            ("DAT010", 1, 56, "(text)"),
            ("DAT012", 1, 128, "(text)"),
            ("DAT015", 1, 193, "(text)"),
            ("DAT014", 1, 240, "(text)"),
        }));
        Assert.That(findings.Single(f => f.Rule.Id == "DAT015").Message, Does.StartWith("2 IPv4 address (public) values").And.Contain("(2 of 3 rows"));
    }

    private static IEnumerable<(string Rule, int Line, int? Column, string? Field)> Places(IEnumerable<Finding> findings) =>
        findings.Select(f => (f.Rule.Id, f.Location.StartLine, f.Location.StartColumn, f.Location.LogicalPath));
}
