using System.Text.Json;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using Parquet;
using Parquet.Schema;

namespace MLSecOps.Gates.DataCheck.Tests.Readers;

/// <summary>
/// The Parquet page decoder on files DuckDB and arrow-rs wrote (tests/fixtures/data-check/parquet/generate*.mjs): data pages
/// v1 and v2, PLAIN, dictionary, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY strings, nulls, lists and structs, every codec
/// (LZ4 in both framings), several row groups; and
/// damaged files, which must end as DAT001 naming how far the reader got, never as an exception or a silent pass.
/// </summary>
public sealed class ParquetRowReaderTests
{
    private static readonly string[] s_flat = ["v1-snappy.parquet", "v1-uncompressed.parquet", "v2-gzip.parquet", "v2-zstd.parquet", "v2-brotli.parquet", "v2-lz4.parquet", "v2-snappy.parquet"];

    [TestCaseSource(nameof(s_flat))]
    public async Task FlatColumns_EachCodecAndPageVersion_FindTheValuesOnTheirRows(string name)
    {
        // Given 5,000 rows in three row groups with an e-mail on row 2,500 (plain or delta text) and a card on row 4,100 (dictionary, with nulls)
        // When the gate scans the file
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", name));

        // Then each is reported once, in its column, on its row, out of all 5,000 rows
        Assert.That(findings.Select(Describe), Is.EqualTo(new[]
        {
            "DAT010 text (row 2500): 1 e-mail address value in `text` (1 of 5000 rows, 0.0 %); first at row 2500: j***@gmail.com.",
            "DAT012 note (row 4100): 1 Visa card number value in `note` (1 of 5000 rows, 0.0 %); first at row 4100: 4111********1111.",
        }));
    }

    [TestCase("nested.parquet")]
    [TestCase("nested-v2.parquet")]
    public async Task NestedColumns_ListElementsAndStructFields_AreScannedOnTheirRecordsRow(string name)
    {
        // Given lists (null, empty and with null elements), a struct and a list of structs over two row groups
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", name));

        // Then the struct field is a flat column (row 10) and the list element is found on its record's row (3,000)
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT012 person/card (row 10)", "DAT010 tags/list/element (row 3000)" }), string.Join("\n", findings.Select(f => f.Message)));
    }

    [TestCase("delta-byte-array-v2.parquet")]
    [TestCase("delta-byte-array-lz4-hadoop.parquet")]
    public async Task DeltaByteArrayPages_FromArrowRs_AreDecodedWithTheirListColumn(string name)
    {
        // Given arrow-rs files (generate-arrow-rs.mjs) with DELTA_BYTE_ARRAY strings, v2 zstd pages or v1 pages in Hadoop-framed LZ4
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", name));

        // Then the flat columns are found on their rows and the list element on its record's row; the e-mail twice, the second
        // time only through its prefix
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT020 tags/list/item (row 1200)", "DAT010 text (row 2499)", "DAT012 note (row 4100)" }), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[1].Message, Does.StartWith("2 e-mail address values in `text` (2 of 14444 rows"));
    }

    [Test]
    public async Task DictionaryColumnWithNulls_ValuesEitherSideOfTheDecodingBlocks_AreFoundOnTheirRows()
    {
        // Given DuckDB's bit-packed definition levels and dictionary indices (decoded 256 at a time) with the e-mail on rows
        // 256, 257, 512, 513 and 1,501 and nulls on every third row
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", "dictionary-blocks.parquet"));

        // Then all five are counted (a block misaligned by one slot would count a tag or a null instead) from the first one
        Assert.That(findings.Select(Describe), Is.EqualTo(new[]
        {
            "DAT010 tag (row 256): 5 e-mail address values in `tag` (5 of 2000 rows, 0.3 %); first at row 256: j***@gmail.com.",
        }));
    }

    [Test]
    public async Task DictionaryPageOfNoBytes_InLz4Raw_IsReadAsEmpty()
    {
        // Given an arrow-rs file with LZ4_RAW dictionary pages and a column of nulls only, whose dictionary page is no bytes
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", "dictionary-lz4-raw.parquet"));

        // Then the other columns are read to their last row (this was DAT001 "decompressed to nothing")
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 text (row 2499)", "DAT012 note (row 4100)" }), string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task WriteProfile_FileWithListColumns_ProfilesItsRecordsNotItsListValues()
    {
        // Given the nested file, whose list values are scanned as rows of their own
        using var repo = new TempDirectory();
        repo.Copy(Path.Combine(DataCheckFixture.Root, "parquet", "nested.parquet"), "data/nested.parquet");
        var full = Path.Combine(repo.Path, "data", "nested.parquet");

        // When its profile is written
        var (_, path) = await new DataCheckGate().WriteProfileAsync(new GateContext { RepositoryRoot = repo.Path, Files = [new ScanFile(full, "data/nested.parquet", new FileInfo(full).Length)], Settings = GateSettings.Empty }, CancellationToken.None);

        // Then the data set is profiled by its 4,000 records and its flat string columns
        using var profile = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var data = profile.RootElement.GetProperty("datasets").GetProperty("data/nested.parquet");
        Assert.That(data.GetProperty("rows").GetInt64(), Is.EqualTo(4000));
        Assert.That(data.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "person/name", "person/card" }));
    }

    [Test]
    public async Task DamagedPages_AreIncompleteNamingTheColumnAndRowsRead()
    {
        // Given the uncompressed file with a run of its page bytes overwritten, footer intact
        using var repo = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(DataCheckFixture.Root, "parquet", "v1-uncompressed.parquet"));
        bytes.AsSpan(bytes.Length / 3, 64).Fill(0xFF);
        await File.WriteAllBytesAsync(Path.Combine(repo.Path, "train.parquet"), bytes);

        // When it is scanned
        var findings = await DataCheckFixture.ScanAsync("train.parquet", root: repo.Path);

        // Then the scan is incomplete, saying where it stopped
        var incomplete = findings.Single(f => f.Rule.Id == "DAT001");
        Assert.That(incomplete.Message, Does.Contain("the Parquet reader failed after").And.Contain("column `"));
    }

    [Test]
    public async Task EveryTruncationAndByteFlip_EndsInFindingsNeverAnException()
    {
        // Given every file cut short at many lengths and with bytes flipped at many offsets (page headers, levels, values, footer)
        using var repo = new TempDirectory();
        var inputs = new List<(byte[] Bytes, bool Cut)>();
        foreach (var name in new[] { "v1-snappy.parquet", "v2-zstd.parquet", "nested-v2.parquet" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(DataCheckFixture.Root, "parquet", name));
            for (var cut = 16; cut < bytes.Length; cut += bytes.Length / 23)
            {
                inputs.Add((bytes[..cut], true));
            }

            for (var at = 4; at < bytes.Length; at += bytes.Length / 61)
            {
                var flipped = bytes.ToArray();
                flipped[at] ^= 0xA5;
                inputs.Add((flipped, false));
            }
        }

        foreach (var ((input, cut), i) in inputs.Select((b, i) => (b, i)))
        {
            await File.WriteAllBytesAsync(Path.Combine(repo.Path, "train.parquet"), input);

            // When each is scanned (the short file budget keeps a regression that spins from hanging the run)
            var findings = await DataCheckFixture.ScanAsync("train.parquet", GateHarness.Settings(("max-file-seconds", 5)), repo.Path);

            // Then the gate reports data-check findings only (a cut file always as incomplete), never its own failure
            Assert.That(findings.Select(f => f.Rule.Id), Has.All.StartWith("DAT"), $"input {i}: {string.Join("\n", findings.Select(f => f.Message))}");
            if (cut)
            {
                Assert.That(findings.Select(f => f.Rule.Id), Has.Member("DAT001"), $"cut input {i}");
            }
        }
    }

    [Test]
    public async Task PagesOverMaxBytes_AreIncompleteNamingTheBudget()
    {
        // Given a Parquet.Net file whose one uncompressed page holds about 1.5 MiB of text
        using var repo = new TempDirectory();
        var field = new DataField<string>("comment");
        var stream = File.Create(Path.Combine(repo.Path, "big.parquet"));
        await using (stream)
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream, new ParquetOptions { CompressionMethod = CompressionMethod.None });
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(field, Enumerable.Range(0, 50_000).Select(i => $"harmless text number {i:D8}").ToArray());
        }

        // When it is scanned with max-bytes at 1 MiB
        var findings = await DataCheckFixture.ScanAsync("big.parquet", GateHarness.Settings(("max-bytes", 1)), repo.Path);

        // Then the scan is incomplete, naming the budget
        Assert.That(findings.Single(f => f.Rule.Id == "DAT001").Message, Does.Contain("more than `max-bytes` (1 MiB) once decompressed"));
    }

    private static string Describe(Finding finding) => $"{finding.Rule.Id} {finding.Location.LogicalPath}: {finding.Message}";
}
