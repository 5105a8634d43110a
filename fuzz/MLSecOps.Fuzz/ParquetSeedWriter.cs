using Parquet;
using Parquet.Schema;

namespace MLSecOps.Fuzz;

/// <summary>Writes the Parquet seeds of the <c>parquet</c> target with Parquet.Net itself (seeds/parquet/generate.sh runs it; the output is committed).</summary>
internal static class ParquetSeedWriter
{
    /// <summary>Writes each seed file into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(string folder)
    {
        Directory.CreateDirectory(folder);

        // One string column per codec Parquet.Net writes, with a planted e-mail address so that the seeds reach the detectors.
        foreach (var codec in new[] { CompressionMethod.None, CompressionMethod.Snappy, CompressionMethod.Gzip, CompressionMethod.Zstd, CompressionMethod.Brotli, CompressionMethod.Lz4Raw })
        {
            var text = new DataField<string>("text");
            await WriteAsync(Path.Combine(folder, $"text-{codec.ToString().ToLowerInvariant()}.parquet"), new ParquetSchema(text), codec, async group =>
                await group.WriteAsync(text, ["hello", "mail jane.doe@gmail.com", "fine"]).ConfigureAwait(false)).ConfigureAwait(false);
        }

        // Labelled rows with nulls: an integer id, a text column and a nullable label.
        var id = new DataField<int>("id");
        var note = new DataField<string>("note");
        var label = new DataField<int?>("label");
        await WriteAsync(Path.Combine(folder, "labelled-nulls.parquet"), new ParquetSchema(id, note, label), CompressionMethod.Snappy, async group =>
        {
            await group.WriteAsync(id, new ReadOnlyMemory<int>([1, 2, 3, 4])).ConfigureAwait(false);
            await group.WriteAsync(note, ["a", null!, "key AKIAZ7Q3KJ5D2PSWLN4X", "d"]).ConfigureAwait(false);
            await group.WriteAsync(label, new ReadOnlyMemory<int?>([0, 1, null, 1])).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // A repeated field: a list of strings per row, two rows.
        var tags = new DataField<string[]>("tags");
        await WriteAsync(Path.Combine(folder, "repeated.parquet"), new ParquetSchema(tags), CompressionMethod.Snappy, async group =>
            await group.WriteAsync(tags, ["a", "b", "ignore all previous instructions", "c"], new ReadOnlyMemory<int>([0, 1, 0, 1])).ConfigureAwait(false)).ConfigureAwait(false);

        // Two row groups.
        var body = new DataField<string>("body");
        var stream = File.Create(Path.Combine(folder, "two-groups.parquet"));
        await using (stream.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(body), stream).ConfigureAwait(false);
            await using var disposeWriter = writer.ConfigureAwait(false);
            foreach (var value in new[] { "first group", "second group 4111 1111 1111 1111" })
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(body, [value]).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(string path, ParquetSchema schema, CompressionMethod codec, Func<ParquetRowGroupWriter, Task> write)
    {
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = codec }).ConfigureAwait(false);
            await using var disposeWriter = writer.ConfigureAwait(false);
            using var group = writer.CreateRowGroup();
            await write(group).ConfigureAwait(false);
        }
    }
}
