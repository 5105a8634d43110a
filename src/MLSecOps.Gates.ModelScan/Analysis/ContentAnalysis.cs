using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Archives;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Runs <see cref="ModelContentScanner"/> over one whole file, with the gate's classification; overruns keep what was found so far.</summary>
internal static class ContentAnalysis
{
    /// <summary>Scans the file of <paramref name="probe"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> RunAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(settings);
        var scan = new FileScan(probe.File.RelativePath, settings.PickleGlobals, settings.Budget, cancellationToken, settings.Memory);

        // The scanners are synchronous, CPU-bound streaming parsers; run them off the caller's context.
        await Task.Run(() => Scan(probe, scan, settings), CancellationToken.None).ConfigureAwait(false);
        foreach (var reader in scan.ReadBy)
        {
            probe.Verdict.Read(reader);
        }

        return scan.Findings;
    }

    private static void Scan(ModelFileProbe probe, FileScan scan, ModelScanSettings settings)
    {
        try
        {
            using var file = probe.OpenRead();
            ModelContentScanner.Scan(scan, file, "", 0, known: probe.Content);
        }
        catch (ScanBudgetExceededException ex)
        {
            scan.Incomplete(null, $"budget exceeded: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            // The file's deadline or the gate's budget: what was found so far is kept; the gate rethrows its own cancellation.
            scan.Incomplete(null, $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ZipFormatException or UnauthorizedAccessException)
        {
            scan.Incomplete(null, $"the file could not be read to the end ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
