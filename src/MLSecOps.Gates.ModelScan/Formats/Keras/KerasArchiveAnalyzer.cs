using System.IO.Compression;
using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Keras;

/// <summary>Keras v3 archives (<c>.keras</c>): reads <c>config.json</c> (and <c>metadata.json</c>) with strict size caps, never the weights.</summary>
internal sealed class KerasArchiveAnalyzer : IModelFileAnalyzer
{
    /// <summary>The largest config entry read.</summary>
    public const int MaxConfigBytes = 64 * 1024 * 1024;

    /// <summary>The most entries a Keras archive may list; real ones have three.</summary>
    public const int MaxEntries = 10_000;

    private static readonly byte[] ZipLocalHeader = [0x50, 0x4B, 0x03, 0x04];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
        [KerasLambdaLayer.Descriptor, KerasDangerousModuleImport.Descriptor, KerasCustomObject.Descriptor, KerasDeserializationGadget.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        var head = probe.Head.Span;
        if (!head.StartsWith(ZipLocalHeader))
        {
            return false;
        }

        // Keras writes metadata.json or config.json first; the extension is only a hint for reordered archives.
        return probe.FileName.EndsWith(".keras", StringComparison.Ordinal) || FirstEntryIs(head, "metadata.json") || FirstEntryIs(head, "config.json");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                return await AnalyzeAsync(probe, stream, settings, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(probe.File.RelativePath, null, $"the Keras archive could not be opened ({ex.Message})")];
        }
    }

    /// <summary>Analyses the open, seekable <paramref name="content"/> of the probed file; configs inspected before an error or the deadline keep their findings.</summary>
    internal static async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, Stream content, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        try
        {
            using var archive = new ZipArchive(new CancellableStream(content, cancellationToken), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
            {
                return [IncompleteScan.Create(path, null, $"the Keras archive lists {archive.Entries.Count} entries, more than {MaxEntries}")];
            }

            // Python's zipfile opens the last entry of a repeated name: every config.json is inspected, not just the first.
            var configs = archive.Entries.Where(e => e.FullName == "config.json").ToList();
            if (configs.Count == 0)
            {
                return [IncompleteScan.Create(path, "config.json", "the Keras archive has no config.json")];
            }

            foreach (var config in configs)
            {
                var json = await ReadCappedAsync(config, cancellationToken).ConfigureAwait(false);
                findings.AddRange(json is null
                    ? [IncompleteScan.Create(path, "config.json", $"config.json is larger than {MaxConfigBytes} bytes")]
                    : KerasConfigInspector.Inspect(path, "config.json", json));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the Keras archive could not be read ({ex.Message})"));
        }
        catch (OperationCanceledException)
        {
            // The file's deadline or the gate's budget: what was found so far is kept; the gate rethrows its own cancellation.
            findings.Add(IncompleteScan.Create(path, null, $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s"));
        }

        return findings;
    }

    private static async Task<string?> ReadCappedAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Length > MaxConfigBytes)
        {
            return null;
        }

        // The declared length can lie; the read itself is capped too.
        var entryStream = entry.Open();
        await using (entryStream.ConfigureAwait(false))
        {
            var buffer = new byte[(int)entry.Length + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await entryStream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            if (total > entry.Length)
            {
                return null;
            }

            // Python's zipfile refuses a member whose CRC-32 does not match, so Keras cannot load it: a damaged config is not analysed, not passed.
            if (ZipCrc32.Of(buffer.AsSpan(0, total)) != entry.Crc32)
            {
                throw new InvalidDataException($"{entry.FullName} does not match its CRC-32 (the archive is damaged)");
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }

    private static bool FirstEntryIs(ReadOnlySpan<byte> head, string name)
    {
        if (head.Length < 30)
        {
            return false;
        }

        var nameLength = head[26] | (head[27] << 8);
        return nameLength == name.Length && head.Length >= 30 + nameLength && head.Slice(30, nameLength).SequenceEqual(Encoding.ASCII.GetBytes(name));
    }
}
