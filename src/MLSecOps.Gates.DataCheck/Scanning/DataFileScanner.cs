using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Formats.Archives;
using MLSecOps.Formats.Compression;
using MLSecOps.Formats.Streams;
using MLSecOps.Gates.DataCheck.Detection;
using MLSecOps.Gates.DataCheck.Integrity;
using MLSecOps.Gates.DataCheck.Poisoning;
using MLSecOps.Gates.DataCheck.Profiling;
using MLSecOps.Gates.DataCheck.Readers;
using MLSecOps.Gates.DataCheck.Readers.Parquet;
using MLSecOps.Gates.DataCheck.Rules;

namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>Scans one data file: integrity pointers and cards by name, everything else by content through decompression and archives, under the file's budgets.</summary>
/// <param name="context">The gate context.</param>
/// <param name="settings">The gate settings.</param>
/// <param name="approved">The approved profiles by data-set key, or null when there is no approved profile file.</param>
internal sealed class DataFileScanner(GateContext context, DataCheckSettings settings, IReadOnlyDictionary<string, DatasetProfile>? approved = null)
{
    private const int MaxNesting = 3;

    /// <summary>The most bytes of a Parquet or Arrow file inside a compressed stream or archive held in memory to give its reader random access.</summary>
    private const long MaxBufferedColumnarBytes = 128L * 1024 * 1024;

    /// <summary>Gets the profile of every tabular data set scanned, by data-set key (<see cref="ProfileFile.Key"/>).</summary>
    public ConcurrentDictionary<string, DatasetProfile> Profiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Scans <paramref name="file"/> and returns its findings.</summary>
    public async Task<IReadOnlyList<Finding>> ScanAsync(ScanFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(file.FullPath);
        if (PointerChecker.IsDvcFile(name))
        {
            return await PointerChecker.CheckDvcAsync(context, file, cancellationToken).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(settings.MaxFileTime, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var findings = new List<Finding>();
        var budget = new ByteBudgetStream(File.OpenRead(file.FullPath), settings.MaxBytes);
        await using (budget.ConfigureAwait(false))
        {
            try
            {
                var head = await PeekAsync(budget, linked.Token).ConfigureAwait(false);
                if (PointerChecker.IsLfsPointer(head.Span))
                {
                    return await PointerChecker.CheckLfsAsync(context, file, cancellationToken).ConfigureAwait(false);
                }

                if (DatasetInfoFile.IsInfoFile(name))
                {
                    findings.AddRange(await DatasetInfoFile.CheckAsync(context, file, settings, linked.Token).ConfigureAwait(false));
                }

                if (string.Equals(name, "README.md", StringComparison.OrdinalIgnoreCase) && file.Length < (1 << 20))
                {
                    findings.AddRange(DatasetCardLicense.Check(file.RelativePath, await File.ReadAllTextAsync(file.FullPath, cancellationToken).ConfigureAwait(false), settings.AllowedLicenses));
                }

                await ScanStreamAsync(file, new HeadReplayStream(head, budget), null, 0, findings, linked.Token).ConfigureAwait(false);
                if (budget.Exceeded)
                {
                    findings.Add(Incomplete(file.RelativePath, null, $"only the first {budget.BytesRead:N0} of {file.Length:N0} bytes were read (`max-bytes` is {settings.MaxBytes >> 20} MiB)"));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                findings.Add(Incomplete(file.RelativePath, null, $"the scan stopped after {settings.MaxFileTime.TotalSeconds:0} s (`max-file-seconds`) having read {budget.BytesRead:N0} of {file.Length:N0} bytes"));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException or ArgumentException or OverflowException or IndexOutOfRangeException)
            {
                // Fail closed: a file the readers cannot parse is reported with how far they got.
                findings.Add(Incomplete(file.RelativePath, null, $"the file could not be parsed after {budget.BytesRead:N0} of {file.Length:N0} bytes ({ex.GetType().Name}: {FindingText.Cap(ex.Message.ReplaceLineEndings(" "), 160)})"));
            }
        }

        return [.. findings.DistinctBy(f => f.Fingerprint)];
    }

    private async Task ScanStreamAsync(ScanFile file, Stream stream, string? member, int depth, List<Finding> findings, CancellationToken cancellationToken)
    {
        var head = await PeekAsync(stream, cancellationToken).ConfigureAwait(false);
        var replay = new HeadReplayStream(head, stream);
        var compression = CompressionSniffer.Sniff(head.Span);
        if (compression != CompressionKind.None)
        {
            if (depth >= MaxNesting)
            {
                findings.Add(Incomplete(file.RelativePath, member, $"compressed content nested more than {MaxNesting} levels deep was not opened"));
                return;
            }

            var inner = BoundedDecompression.Open(replay, compression, settings.MaxBytes);
            await using (inner.ConfigureAwait(false))
            {
                await ScanStreamAsync(file, inner, member is null ? $"({compression.ToString().ToLowerInvariant()})" : member, depth + 1, findings, cancellationToken).ConfigureAwait(false);
                if (inner.Exceeded)
                {
                    findings.Add(Incomplete(file.RelativePath, member, $"decompression stopped at {inner.BytesRead:N0} bytes (`max-bytes`); the rest was not scanned"));
                }
            }

            return;
        }

        var archive = ArchiveSniffer.Sniff(head.Span);
        if (archive != ArchiveKind.None)
        {
            await ScanArchiveAsync(file, replay, archive, member, depth, findings, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (format, separator) = DataSniffer.Sniff(head.Span, head.Length < DataSniffer.HeadLength);
        await ScanContentAsync(file, replay, format, separator, member, findings, cancellationToken).ConfigureAwait(false);
    }

    private async Task ScanArchiveAsync(ScanFile file, Stream stream, ArchiveKind kind, string? member, int depth, List<Finding> findings, CancellationToken cancellationToken)
    {
        if (depth >= MaxNesting)
        {
            findings.Add(Incomplete(file.RelativePath, member, $"an archive nested more than {MaxNesting} levels deep was not opened"));
            return;
        }

        var seekable = stream;
        var randomAccess = kind is ArchiveKind.Zip or ArchiveKind.SevenZip;
        if (randomAccess && member is not null)
        {
            findings.Add(Incomplete(file.RelativePath, member, $"a {kind} archive inside a compressed stream or another archive is not opened"));
            return;
        }

        if (randomAccess)
        {
            seekable = File.OpenRead(file.FullPath);
        }

        await using (seekable.ConfigureAwait(randomAccess))
        {
            var budget = new ArchiveBudget { MaxMemberBytes = settings.MaxBytes };
            var (_, left) = await ArchiveReader.ReadAsync(seekable, kind, budget, async (entry, data) =>
            {
                var name = FindingText.Cap(entry.Name, 160);
                if (entry.UnsafeName)
                {
                    findings.Add(Incomplete(file.RelativePath, name, "the member name is absolute or climbs out with `..` (path traversal); it was not scanned"));
                    return;
                }

                await ScanStreamAsync(file, data, member is null ? name : $"{member} > {name}", depth + 1, findings, cancellationToken).ConfigureAwait(false);
                if (data.Exceeded)
                {
                    findings.Add(Incomplete(file.RelativePath, name, $"only the first {data.BytesRead:N0} bytes of the member were read (`max-bytes`)"));
                }
            }, cancellationToken).ConfigureAwait(false);
            if (left)
            {
                findings.Add(Incomplete(file.RelativePath, member, $"the archive has more than {budget.MaxMembers:N0} members; the rest were not scanned"));
            }
        }
    }

    private async Task ScanContentAsync(ScanFile file, Stream stream, DataFormat format, char separator, string? member, List<Finding> findings, CancellationToken cancellationToken)
    {
        var hits = new HitCollector(file.RelativePath, member);
        var row = new DataRow();
        var detectors = new BatchDetectors(new PersonalDataDetector(), new SecretColumnDetector(), new ColumnNameDetector(), [new SecretDetector(), new InjectionDetector(format == DataFormat.Html)]);
        var batch = new RowBatch();
        row.WriteInto(batch);
        LabelStatistics? labels = null;
        IReadOnlyList<string>? labelsFor = null;
        ProfileBuilder? profile = null;
        IReadOnlyList<string>? profileFor = null;
        var profileBroken = false;
        long rows = 0;

        // JSON Lines records are read as explicit rows too, but only while they look labelled: parsing every record costs throughput.
        var json = format == DataFormat.JsonLines ? new JsonRecordReader() : null;
        void RowWithinBudget(DataRow r)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OnRow(r);
        }

        void OnRow(DataRow r)
        {
            rows++;
            batch.Add(r);
            if (batch.IsFull)
            {
                ScanBatch(batch, detectors, hits);
            }

            var record = r.Layout == FieldLayout.Explicit ? (r.IsRecord ? r : null) : json?.Read(r);
            if (json is not null && record is not null && labelsFor is null && LabelStatistics.For(record.FieldNames, settings) is null)
            {
                json = null;
                return;
            }

            if (record is not null && record.Index >= 0)
            {
                if (!ReferenceEquals(labelsFor, record.FieldNames))
                {
                    labelsFor = record.FieldNames;
                    labels = labelsFor.Count > 1 ? LabelStatistics.For(labelsFor, settings) : null;
                }

                labels?.Add(record);
                if (!ReferenceEquals(profileFor, record.FieldNames) && !profileBroken)
                {
                    // A file whose columns change part-way (a Parquet row group with another schema) has no single profile.
                    profileBroken = profileFor is not null && !profileFor.SequenceEqual(record.FieldNames, StringComparer.Ordinal);
                    profileFor = record.FieldNames;
                    profile ??= new ProfileBuilder(record.FieldNames, settings);
                }

                if (!profileBroken)
                {
                    profile?.Add(record);
                }
            }
        }

        switch (format)
        {
            case DataFormat.Delimited:
                using (var capped = new RowCapReader(Text(stream), settings.MaxRowBytes))
                {
                    DelimitedReader.Read(capped, separator, row, OnRow, cancellationToken);
                    if (capped.CutLine > 0)
                    {
                        findings.Add(Incomplete(file.RelativePath, member, $"the row starting on line {capped.CutLine:N0} is longer than {settings.MaxRowBytes >> 20} MiB (`max-row-mb`); it was cut there and the rest of the file was not read ({capped.BytesRead:N0} bytes read)"));
                    }
                }

                break;
            case DataFormat.JsonLines:
                Utf8LineReader.Read(stream, FieldLayout.JsonKeys, row, OnRow, cancellationToken);
                break;
            case DataFormat.JsonDocument:
                var tree = new JsonTreeReader(settings.MaxJsonDepth, settings.MaxRowBytes);
                if (tree.Read(stream, OnRow, cancellationToken) is { } stopped)
                {
                    findings.Add(Incomplete(file.RelativePath, member, stopped));
                }

                break;
            case DataFormat.Text or DataFormat.Html:
                Utf8LineReader.Read(stream, FieldLayout.Single, row, OnRow, cancellationToken);
                break;
            case DataFormat.Parquet or DataFormat.ArrowFile or DataFormat.ArrowStream:
                var buffer = Math.Min(settings.MaxBytes, MaxBufferedColumnarBytes);
                Stream? seekable = member is null ? File.OpenRead(file.FullPath) : await BufferAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
                if (seekable is null)
                {
                    findings.Add(Incomplete(file.RelativePath, member, $"{format} inside a compressed stream or archive needs random access and is larger than the {buffer >> 20} MiB it may be buffered in; it was not read"));
                    return;
                }

                await using (seekable.ConfigureAwait(false))
                {
                    try
                    {
                        // Apache.Arrow is third-party code facing a hostile file and need not look at the token (Parquet.Net's footer
                        // reader, used before our own, spun forever on fuzz inputs), so the readers run on the thread pool and the time
                        // budget ends the wait, not the reader.
                        // An abandoned reader stops at its next row: every row checks the token before it touches the scan's state.
                        var read = Task.Run(
                            () => format == DataFormat.Parquet
                                ? ParquetRowReader.ReadAsync(seekable, row, RowWithinBudget, settings.MaxBytes, cancellationToken)
                                : ColumnarReader.ReadArrowAsync(seekable, format == DataFormat.ArrowFile, row, RowWithinBudget, cancellationToken),
                            CancellationToken.None);
                        await read.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
                    {
                        // Apache.Arrow throws what it likes on a damaged file (NullReferenceException and others, found by the fuzz
                        // targets): fail closed with what was read so far, like any file that cannot be parsed.
                        findings.Add(Incomplete(file.RelativePath, member, $"the {format} reader failed after {rows:N0} rows ({ex.GetType().Name}: {FindingText.Cap(ex.Message.ReplaceLineEndings(" "), 160)})"));
                    }
                }

                break;
            case DataFormat.Media:
                return;
            default:
                findings.Add(Incomplete(file.RelativePath, member, "the content is binary in a format the data gate does not read"));
                return;
        }

        ScanBatch(batch, detectors, hits);
        findings.AddRange(hits.Findings(rows));
        if (labels is not null)
        {
            findings.AddRange(labels.Findings(file.RelativePath, member));
        }

        if (profile is not null && !profileBroken)
        {
            var key = ProfileFile.Key(file.RelativePath, member);
            var current = profile.Build();
            Profiles[key] = current;
            if (approved is not null && approved.TryGetValue(key, out var before))
            {
                findings.AddRange(ProfileDrift.Compare(before, current, file.RelativePath, member, settings));
            }
        }
    }

    /// <summary>
    /// Runs the detectors over the rows of <paramref name="batch"/> and empties it: the row detectors on every row, in row order and
    /// in the order they ran when each row was read, then each detector of rare things over the rows that hold one of its candidates.
    /// </summary>
    private static void ScanBatch(RowBatch batch, BatchDetectors detectors, HitCollector hits)
    {
        var text = batch.Text;
        detectors.Personal.Marks.Mark(text);
        for (var index = 0; index < batch.Count; index++)
        {
            var row = batch[index];
            detectors.Personal.Scan(row, hits, batch.StartOf(index));
            detectors.SecretColumns.Scan(row, hits);
            detectors.ColumnNames.Scan(row, hits);
        }

        foreach (var detector in detectors.Candidates)
        {
            var at = detector.NextCandidate(text, 0);
            while (at >= 0 && at < text.Length)
            {
                var index = batch.RowAt(at);
                detector.Scan(batch[index], hits);
                at = detector.NextCandidate(text, batch.EndOf(index));
            }
        }

        batch.Clear();
    }

    /// <summary>Copies <paramref name="stream"/> into memory, or returns null when it reaches <paramref name="limit"/> bytes (a decompression cut at the same limit must not pass as whole).</summary>
    private static async Task<MemoryStream?> BufferAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read >= limit)
            {
                await memory.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            memory.Write(chunk, 0, read);
        }

        memory.Position = 0;
        return memory;
    }

    private static TextReader Text(Stream stream) => new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

    private static async Task<ReadOnlyMemory<byte>> PeekAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[DataSniffer.HeadLength];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return head.AsMemory(0, read);
    }

    /// <summary>The detectors of one file's rows. The row detectors are called by their own types, not through an array of the interface: one call site for three types is dispatched through the runtime's slowest stub on every row (2 % of a CSV pass).</summary>
    private sealed record BatchDetectors(PersonalDataDetector Personal, SecretColumnDetector SecretColumns, ColumnNameDetector ColumnNames, ICandidateDetector[] Candidates);

    private static Finding Incomplete(string path, string? member, string reason) =>
        Finding.Create(IncompleteScan.Descriptor, Location.File(path, member), string.Create(CultureInfo.InvariantCulture, $"Scan incomplete: {reason}."), $"incomplete:{member}:{reason}");
}
