using Apache.Arrow;
using Apache.Arrow.Ipc;
using MLSecOps.TestKit;
using Parquet;
using Parquet.Schema;
using ZstdSharp;

namespace MLSecOps.Gates.DataCheck.Tests;

/// <summary>Parquet, Arrow IPC and zstd files written by the libraries themselves are read and scanned by column.</summary>
public sealed class LibraryWrittenFormatTests
{
    private static readonly string[] s_texts = ["hello", "mail jane.doe@gmail.com now", "fine"];

    [Test]
    public async Task Parquet_StringColumn_IsScannedWithItsColumnName()
    {
        using var repo = new TempDirectory();
        var path = Path.Combine(repo.Path, "train.parquet");
        var field = new DataField<string>("comment");
        var stream = File.Create(path);
        await using (stream)
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(field, s_texts);
        }

        var findings = await DataCheckFixture.ScanAsync("train.parquet", root: repo.Path);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 comment (row 2)" }), string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task Parquet_NullsInAStringColumn_KeepEachValueOnItsOwnRow()
    {
        using var repo = new TempDirectory();
        var path = Path.Combine(repo.Path, "train.parquet");
        var comment = new DataField<string>("comment");
        var note = new DataField<string>("note");
        var stream = File.Create(path);
        await using (stream)
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(comment, note), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(comment, new string?[] { "hello", null, null, "mail jane.doe@gmail.com now" });
            await group.WriteAsync(note, new string?[] { "a", "b", "card 4111 1111 1111 1111", "d" });
        }

        var findings = await DataCheckFixture.ScanAsync("train.parquet", root: repo.Path);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}").Order(StringComparer.Ordinal), Is.EqualTo(new[] { "DAT010 comment (row 4)", "DAT012 note (row 3)" }), string.Join("\n", findings.Select(f => f.Message)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Arrow_FileAndStream_AreScanned(bool asFile)
    {
        using var repo = new TempDirectory();
        var batch = new RecordBatch.Builder().Append("text", false, c => c.String(b => b.AppendRange(s_texts))).Build();
        var stream = File.Create(Path.Combine(repo.Path, "data.arrow"));
        await using (stream)
        {
            using ArrowStreamWriter writer = asFile ? new ArrowFileWriter(stream, batch.Schema) : new ArrowStreamWriter(stream, batch.Schema);
            await writer.WriteRecordBatchAsync(batch);
            await writer.WriteEndAsync();
        }

        var findings = await DataCheckFixture.ScanAsync("data.arrow", root: repo.Path);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 text (row 2)" }));
    }

    [TestCase(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x0d, 0x0a }, "declares 2147483647 bytes of metadata")]
    [TestCase(new byte[] { 0xff, 0xff, 0xff, 0xff, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "points outside itself")]
    public async Task Arrow_StreamDeclaringMoreThanTheFile_IsIncompleteNotAnAllocation(byte[] content, string reason)
    {
        // The first case is the csv fuzz target's input: Apache.Arrow rented a 2 GiB buffer for it and the gate threw OutOfMemoryException.
        using var repo = new TempDirectory();
        await File.WriteAllBytesAsync(Path.Combine(repo.Path, "train.csv"), content);

        var findings = await DataCheckFixture.ScanAsync("train.csv", root: repo.Path);

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "DAT001" }));
        Assert.That(findings[0].Message, Does.Contain(reason));
    }

    [Test]
    public async Task Parquet_InsideGzip_IsBufferedAndScannedWithItsColumnName()
    {
        using var repo = new TempDirectory();
        await File.WriteAllBytesAsync(Path.Combine(repo.Path, "train.parquet.gz"), Gzip(await ParquetBytesAsync(s_texts)));

        var findings = await DataCheckFixture.ScanAsync("train.parquet.gz", root: repo.Path);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 (gzip) > comment (row 2)" }), string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task Arrow_InsideZstd_IsBufferedAndScanned()
    {
        using var repo = new TempDirectory();
        var batch = new RecordBatch.Builder().Append("text", false, c => c.String(b => b.AppendRange(s_texts))).Build();
        using var arrow = new MemoryStream();
        using (var writer = new ArrowFileWriter(arrow, batch.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch);
            await writer.WriteEndAsync();
        }

        using var compressor = new Compressor();
        await File.WriteAllBytesAsync(Path.Combine(repo.Path, "data.arrow.zst"), compressor.Wrap(arrow.ToArray()).ToArray());

        var findings = await DataCheckFixture.ScanAsync("data.arrow.zst", root: repo.Path);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 (zstd) > text (row 2)" }), string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task Parquet_InsideATarMember_IsBufferedAndScanned()
    {
        using var repo = new TempDirectory();
        using var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, leaveOpen: true))
        {
            var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "data/train.parquet") { DataStream = new MemoryStream(await ParquetBytesAsync(s_texts)) };
            await writer.WriteEntryAsync(entry);
        }

        await File.WriteAllBytesAsync(Path.Combine(repo.Path, "bundle.tar"), tar.ToArray());

        var findings = await DataCheckFixture.ScanAsync("bundle.tar", root: repo.Path);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Is.EqualTo(new[] { "DAT010 data/train.parquet > comment (row 2)" }), string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task Parquet_InsideGzip_OverTheBuffer_IsIncompleteNamingTheBuffer()
    {
        // Given a small gzip whose uncompressed Parquet content is larger than max-bytes (1 MiB) once decompressed
        using var repo = new TempDirectory();
        var texts = Enumerable.Range(0, 3000).Select(i => $"row {i} {new string('x', 400)}").ToArray();
        var compressed = Gzip(await ParquetBytesAsync(texts, CompressionMethod.None));
        await File.WriteAllBytesAsync(Path.Combine(repo.Path, "big.parquet.gz"), compressed);
        Assert.That(compressed, Has.Length.LessThan(1 << 20));

        var findings = await DataCheckFixture.ScanAsync("big.parquet.gz", GateHarness.Settings(("max-bytes", 1)), repo.Path);

        Assert.That(findings.Select(f => f.Rule.Id).Distinct(), Is.EqualTo(new[] { "DAT001" }));
        Assert.That(findings.Select(f => f.Message), Has.Some.Contains("Parquet inside a compressed stream or archive needs random access and is larger than the 1 MiB it may be buffered in; it was not read"));
    }

    private static async Task<byte[]> ParquetBytesAsync(string[] texts, CompressionMethod compression = CompressionMethod.Snappy)
    {
        var field = new DataField<string>("comment");
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream, new ParquetOptions { CompressionMethod = compression }))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(field, texts);
        }

        return stream.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Test]
    public async Task Zstd_CompressedJsonLines_IsDecompressedAndScanned()
    {
        using var repo = new TempDirectory();
        using var compressor = new Compressor();
        var bytes = compressor.Wrap("{\"token\": \"ghp_aBcD1234eFgH5678iJkL9012mNoP3456qRsT\"}\n"u8).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(repo.Path, "chat.jsonl.zst"), bytes);

        var findings = await DataCheckFixture.ScanAsync("chat.jsonl.zst", root: repo.Path);

        var finding = findings.Single();
        Assert.That((finding.Rule.Id, finding.Evidence, finding.Location.LogicalPath), Is.EqualTo(("DAT020", "ghp_****", "(zstd) > token")));
    }
}
