using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests.Readers;

/// <summary>
/// The Parquet footer reader on footers that are well-formed compact Thrift but lie (tests/fixtures/data-check/parquet/
/// hostile-footers/generate.py, one guard each): every one is DAT001 naming what is wrong, before any value is read.
/// </summary>
public sealed class ParquetFooterTests
{
    private static readonly object[] s_hostile =
    [
        new object[] { "footer-longer-than-file", "the footer declares 1,048,576 bytes in a 75-byte file" },
        new object[] { "list-count-past-footer", "the footer is not valid thrift metadata: a list declares 2,000,000,000 elements in the 1 bytes left" },
        new object[] { "too-many-schema-elements", "the footer declares 100,001 schema elements, more than the 100,000 that are read" },
        new object[] { "list-of-wrong-type", "a list of schema elements holds thrift type 5" },
        new object[] { "field-of-wrong-type", "the field `num_rows` has thrift type 8 where 6 is expected" },
        new object[] { "statistics-of-wrong-type", "the field `statistics.null_count` has thrift type 7 where 6 is expected" },
        new object[] { "truncated-struct", "the footer is not valid thrift metadata: a value runs past the end of its buffer" },
        new object[] { "field-header-without-type", "the footer is not valid thrift metadata: a field header 0x10 has no type" },
        new object[] { "tail-not-parquet", "not a parquet file, head: 50415231, tail: 50415230" },
        new object[] { "no-schema", "the footer has no schema" },
        new object[] { "children-past-schema", "schema element `schema` declares 3 children but the schema ends after 1" },
        new object[] { "elements-past-children", "the schema's num_children describe 2 elements but it holds 3" },
        new object[] { "leaf-with-children", "schema element `text` has a physical type and 2 children" },
        new object[] { "group-without-children", "schema element `empty` is a group with 0 children" },
        new object[] { "schema-too-deep", "nests more than 64 groups deep" },
        new object[] { "implicit-list-of-two", "the repeated group `pairs` has 2 children where an implicit list has one" },
        new object[] { "negative-file-rows", "the footer declares -1 rows" },
        new object[] { "negative-group-rows", "row group 0 declares -5 rows" },
        new object[] { "more-rows-than-values", "row group 0 declares 1,000,000,000 rows but its columns hold at most 2 values" },
        new object[] { "more-chunks-than-leaves", "row group 0 declares 2 column chunks for 1 leaf columns" },
        new object[] { "chunk-without-metadata", "row group 0 has a column chunk without its metadata" },
        new object[] { "unknown-physical-type", "column `text` has physical type 9" },
        new object[] { "negative-chunk-size", "column `text` declares 2 values in -1 bytes" },
        new object[] { "data-page-past-file", "column `text` puts its data page at byte 1,099,511,627,776, outside the 67 bytes before the footer" },
        new object[] { "dictionary-page-before-file", "column `text` puts its dictionary page at byte -8" },
    ];

    [Test]
    public async Task ValidFooter_FromTheSameGenerator_IsReadToItsValues()
    {
        // Given the control file the hostile ones are changed from: one UTF8 column whose second value is an e-mail
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", "hostile-footers", "valid.parquet"));

        // Then the value is found on its row, so each hostile file fails because of its one change
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 text (row 2)" }));
    }

    [TestCaseSource(nameof(s_hostile))]
    public async Task HostileFooter_IsIncompleteAtOnceNamingWhatIsWrong(string name, string expected)
    {
        // Given a footer that lies about one count, size, offset, type or the schema tree
        var findings = await DataCheckFixture.ScanAsync(Path.Combine("parquet", "hostile-footers", name + ".parquet"));

        // Then the scan is incomplete before any row is read (the planted e-mail is not reached), saying what was wrong
        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "DAT001" }), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[0].Message, Does.Contain(expected).And.Contain("after 0 rows"));
    }

    [TestCase("thrift-skip-spin-gzip", "the footer is not valid thrift metadata: unknown thrift type 13")]
    [TestCase("thrift-skip-spin-lz4raw", "the footer is not valid thrift metadata: the field `statistics.distinct_count` has thrift type 7 where 6 is expected")]
    public async Task FuzzFooterParquetNetSpunOn_IsIncompleteAtOnceNamingTheFault(string name, string expected)
    {
        // Given a fuzz input whose footer Parquet.Net's reader spun on until the 300 s budget (gzip seed: thrift type 13;
        // LZ4_RAW seed: column statistics that are valid thrift of the wrong types)
        using var repo = new TempDirectory();
        repo.Copy(FixturePaths.Of($"fuzz/parquet/{name}.parquet"), "train.parquet");

        // When it is scanned
        var findings = await DataCheckFixture.ScanAsync("train.parquet", root: repo.Path);

        // Then the footer itself is the reason, not the time budget
        Assert.That(findings.Single(f => f.Rule.Id == "DAT001").Message, Does.Contain(expected));
    }
}
