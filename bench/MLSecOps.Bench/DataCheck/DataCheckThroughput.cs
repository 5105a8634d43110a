namespace MLSecOps.Bench.DataCheck;

/// <summary>The data files a data-check scenario reads.</summary>
internal enum DataCheckFormat
{
    /// <summary>One 200 MiB CSV.</summary>
    Csv,

    /// <summary>One 200 MiB JSON Lines file.</summary>
    JsonLines,

    /// <summary>One Parquet file of 1.4 M rows (about 200 MiB of text before compression).</summary>
    Parquet,

    /// <summary>One Arrow IPC file of 1.4 M rows.</summary>
    Arrow,

    /// <summary>Four 50 MiB CSV files: both cores should be busy.</summary>
    FourCsv,
}

/// <summary>
/// data-check over generated chat data: the personal-data, secret and injected-prompt passes (no label column), measured as the
/// whole CLI process; the targets are 200 MB/s per core for CSV and JSON Lines and 100 MB/s for Parquet (issue 9).
/// </summary>
internal sealed class DataCheckThroughput(DataCheckFormat format) : IThroughputScenario
{
    private const long Bytes = 200L * 1024 * 1024;

    // As many rows as the 200 MiB CSV holds, so that the columnar files carry the same text.
    private const long Rows = 1_394_000;

    public string Name => format switch
    {
        DataCheckFormat.Csv => "data-check-csv",
        DataCheckFormat.JsonLines => "data-check-jsonl",
        DataCheckFormat.Parquet => "data-check-parquet",
        DataCheckFormat.Arrow => "data-check-arrow",
        _ => "data-check-4csv",
    };

    public string Description => format switch
    {
        DataCheckFormat.Csv => "data-check of a 200 MiB CSV; target 200 MB/s per core",
        DataCheckFormat.JsonLines => "data-check of a 200 MiB JSON Lines file; target 200 MB/s per core",
        DataCheckFormat.Parquet => "data-check of a Parquet file (1.4 M rows, Snappy); target 100 MB/s",
        DataCheckFormat.Arrow => "data-check of an Arrow IPC file (1.4 M rows)",
        _ => "data-check of four 50 MiB CSV files; CPU time near twice the wall time when both cores are busy",
    };

    public Task<string> PrepareAsync(string corpusRoot, string repositoryRoot, CancellationToken cancellationToken) =>
        GeneratedCorpus.PrepareAsync(corpusRoot, Name, async (folder, token) =>
        {
            var data = Path.Combine(folder, "data");
            Directory.CreateDirectory(data);
            await DataCheckCorpus.WritePolicyAsync(folder, token).ConfigureAwait(false);
            switch (format)
            {
                case DataCheckFormat.Csv:
                    await DataCheckCorpus.WriteCsvAsync(Path.Combine(data, "chat.csv"), Bytes, 42, token).ConfigureAwait(false);
                    break;
                case DataCheckFormat.JsonLines:
                    await DataCheckCorpus.WriteJsonLinesAsync(Path.Combine(data, "chat.jsonl"), Bytes, 42, token).ConfigureAwait(false);
                    break;
                case DataCheckFormat.Parquet:
                    await DataCheckCorpus.WriteParquetAsync(Path.Combine(data, "chat.parquet"), Rows, 42, token).ConfigureAwait(false);
                    break;
                case DataCheckFormat.Arrow:
                    await DataCheckCorpus.WriteArrowAsync(Path.Combine(data, "chat.arrow"), Rows, 42, token).ConfigureAwait(false);
                    break;
                default:
                    for (var i = 0; i < 4; i++)
                    {
                        await DataCheckCorpus.WriteCsvAsync(Path.Combine(data, $"chat-{i}.csv"), Bytes / 4, 42 + i, token).ConfigureAwait(false);
                    }

                    break;
            }
        }, cancellationToken);

    public IReadOnlyList<string> Arguments(string folder, string scratch) => ["data-check", folder, "--platform", "none", "--fail-on", "none"];
}
