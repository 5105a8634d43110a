using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Parquet;
using Parquet.Schema;

namespace MLSecOps.Bench.DataCheck;

/// <summary>
/// Chat-like training data with rare planted e-mails, card numbers and AWS keys, as bench/datacheck/generate_corpus.py writes it
/// (the same vocabulary and rates, a seeded random), as CSV, JSON Lines, Parquet (Parquet.Net) or Arrow IPC (Apache.Arrow).
/// </summary>
internal static class DataCheckCorpus
{
    private const int RowsPerGroup = 100_000;

    private static readonly string[] s_words =
        ("the model answer user question data train label value system shipping order refund product review quality price "
        + "delivery version 1.2.3 timestamp 2024-05-01 support ticket account update please thanks hello world").Split(' ');

    /// <summary>Writes about <paramref name="bytes"/> bytes of CSV (<c>id,user,text,label</c>) to <paramref name="path"/>.</summary>
    public static async Task WriteCsvAsync(string path, long bytes, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync("id,user,text,label\n").ConfigureAwait(false);
        long written = 0;
        for (var i = 0L; written < bytes; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = string.Create(CultureInfo.InvariantCulture, $"{i},u{i % 997},\"{Sentence(random)}\",{i % 2}\n");
            await writer.WriteAsync(line).ConfigureAwait(false);
            written += line.Length;
        }
    }

    /// <summary>Writes about <paramref name="bytes"/> bytes of JSON Lines chat records (<c>messages[].content</c>) to <paramref name="path"/>.</summary>
    public static async Task WriteJsonLinesAsync(string path, long bytes, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        long written = 0;
        for (var i = 0L; written < bytes; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"id\": {i}, \"messages\": [{{\"role\": \"user\", \"content\": \"{Sentence(random)}\"}}, {{\"role\": \"assistant\", \"content\": \"{Sentence(random)}\"}}]}}\n");
            await writer.WriteAsync(line).ConfigureAwait(false);
            written += line.Length;
        }
    }

    /// <summary>Writes a Parquet file (Parquet.Net defaults: Snappy) of <paramref name="rows"/> rows in row groups of 100,000.</summary>
    public static async Task WriteParquetAsync(string path, long rows, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var id = new DataField<long>("id");
        var user = new DataField<string>("user");
        var text = new DataField<string>("text");
        var label = new DataField<long>("label");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, user, text, label), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var first = 0L; first < rows; first += RowsPerGroup)
        {
            var count = (int)Math.Min(RowsPerGroup, rows - first);
            var ids = new long[count];
            var users = new string[count];
            var texts = new string[count];
            var labels = new long[count];
            for (var r = 0; r < count; r++)
            {
                var i = first + r;
                ids[r] = i;
                users[r] = string.Create(CultureInfo.InvariantCulture, $"u{i % 997}");
                texts[r] = Sentence(random);
                labels[r] = i % 2;
            }

            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(id, ids.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(user, users).ConfigureAwait(false);
            await group.WriteAsync(text, texts).ConfigureAwait(false);
            await group.WriteAsync<long>(label, labels.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes an Arrow IPC file (as Hugging Face <c>datasets</c> caches) of <paramref name="rows"/> rows in record batches of 100,000.</summary>
    public static async Task WriteArrowAsync(string path, long rows, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        await using var stream = File.Create(path);
        ArrowFileWriter? writer = null;
        try
        {
            for (var first = 0L; first < rows; first += RowsPerGroup)
            {
                var count = (int)Math.Min(RowsPerGroup, rows - first);
                var batch = new RecordBatch.Builder()
                    .Append("id", false, c => c.Int64(b => b.AppendRange(Enumerable.Range(0, count).Select(r => first + r))))
                    .Append("text", false, c => c.String(b => b.AppendRange(Enumerable.Range(0, count).Select(_ => Sentence(random)))))
                    .Append("label", false, c => c.Int64(b => b.AppendRange(Enumerable.Range(0, count).Select(r => (first + r) % 2))))
                    .Build();
                writer ??= new ArrowFileWriter(stream, batch.Schema, leaveOpen: true);
                await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            if (writer is not null)
            {
                await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writer?.Dispose();
        }
    }

    /// <summary>The policy of a corpus folder: the three detector passes only (no label column), as the 200 MB/s target is stated.</summary>
    public static Task WritePolicyAsync(string folder, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(folder, ".mlsecops.yml"), "version: 1\ngates:\n  data-check:\n    paths: [\"data/**\"]\n    label-column: none\n", cancellationToken);

    private static string Sentence(Random random)
    {
        var builder = new StringBuilder();
        var words = random.Next(8, 31);
        for (var w = 0; w < words; w++)
        {
            builder.Append(w == 0 ? "" : " ").Append(s_words[random.Next(s_words.Length)]);
        }

        var roll = random.NextDouble();
        if (roll < 0.001)
        {
            builder.Append(" contact jane.doe@gmail.com");
        }
        else if (roll < 0.0015)
        {
            builder.Append(" card 4111 1111 1111 1111");
        }
        else if (roll < 0.0017)
        {
            builder.Append(" key AKIAZ7Q3KJ5D2PSWLN4X");
        }

        return builder.ToString();
    }
}
