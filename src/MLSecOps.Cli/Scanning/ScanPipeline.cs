using MLSecOps.Core.Files;
using MLSecOps.Core.Policy;
using MLSecOps.Gates.ModelScan;
using MLSecOps.Gates.ModelScan.Integrity;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Gates;
using MLSecOps.Gates.DataCheck;
using MLSecOps.Formats.Locking;

namespace MLSecOps.Cli.Scanning;

/// <summary>A whole scan run: resolve, scan, publish every output, and map the outcome to an exit code.</summary>
/// <param name="root">The registrations.</param>
internal sealed class ScanPipeline(CompositionRoot root)
{
    /// <summary>Runs the scan; throws <see cref="PolicyException"/> for user mistakes.</summary>
    public async Task<int> RunAsync(ScanOptions options, CancellationToken cancellationToken)
    {
        var service = new ScanService(root.Gates, root.Host);
        var target = service.Resolve(options);
        if (options.WriteLock)
        {
            await WriteModelLockAsync(target, options, cancellationToken).ConfigureAwait(false);
        }

        if (options.WriteProfile)
        {
            await WriteDataProfileAsync(target, options, cancellationToken).ConfigureAwait(false);
        }

        var publishers = ScanPublishers.Create(options, target, root.Host);
        var policy = target.Policy.SourcePath is null ? "built-in default policy: no .mlsecops.yml up to the repository root" : $"policy {target.PolicyPath}";
        var report = await new GateProgressPrinter(root.Host).ShowAsync(
            $"{(options.Verify ? "verifying" : "scanning")} {options.Path} ({options.Gate ?? (options.Verify ? "lock file and model signatures" : "all enabled gates")}; {policy})",
            progress => service.ScanAsync(target, options, progress, cancellationToken)).ConfigureAwait(false);
        ReclaimGateMemory();
        var failure = await PublishAsync(report, publishers, cancellationToken).ConfigureAwait(false);
        return failure ?? ExitCodes.From(report.Decision);
    }

    /// <summary>
    /// Collects, once, what the gates parsed before the outputs are written. Their working state (parsed files, hits) is
    /// garbage by now, and without a compacting collection here the outputs grew the heap instead of reusing that memory:
    /// deploy-audit over 10,000 manifests peaked at 319-368 MB, and at 283-298 MB with it, for the same CPU. Small scans skip it.
    /// </summary>
    private static void ReclaimGateMemory()
    {
        const long LargeHeapBytes = 64L * 1024 * 1024;
        if (GC.GetTotalMemory(forceFullCollection: false) > LargeHeapBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }

    /// <summary>Records the SHA-256 and size of every model file model-scan and every data file data-check would scan in the one lock file.</summary>
    private async Task WriteModelLockAsync(ScanTarget target, ScanOptions options, CancellationToken cancellationToken)
    {
        var models = root.Gate<ModelScanGate>();
        var data = root.Gate<DataCheckGate>();
        var modelLock = target.Policy.ForGate(models.Name).Settings.GetString("lockfile");
        var dataLock = target.Policy.ForGate(data.Name).Settings.GetString("lockfile");
        if (modelLock is not null && dataLock is not null && Path.GetFullPath(Path.Combine(target.ScanRoot, modelLock)) != Path.GetFullPath(Path.Combine(target.ScanRoot, dataLock)))
        {
            throw new PolicyException($"gates.model-scan.lockfile '{modelLock}' and gates.data-check.lockfile '{dataLock}' differ in {target.PolicyPath}: models and data share one lock file, so set both to the same path");
        }

        var lockPath = modelLock ?? dataLock
            ?? throw new PolicyException($"--write-lock needs a lock file path: set 'gates.model-scan.lockfile' (such as models.lock) in {target.PolicyPath}");
        var fullLockPath = Path.GetFullPath(Path.Combine(target.ScanRoot, lockPath));
        var discovered = FileDiscovery.Discover(target.RepositoryRoot, target.Path).Files;
        var modelEntries = target.Policy.ForGate(models.Name).Enabled || options.Gate == models.Name
            ? await ModelLockFile.EntriesAsync(ScanService.FilesFor(models, target, discovered, options.Shard), fullLockPath, cancellationToken).ConfigureAwait(false)
            : [];
        var dataEntries = target.Policy.ForGate(data.Name).Enabled || options.Gate == data.Name
            ? await data.LockEntriesAsync(ContextFor(data, target, discovered, options), fullLockPath, cancellationToken).ConfigureAwait(false)
            : [];
        // A file both gates see is locked once, as a model: model-scan owns it.
        var modelPaths = modelEntries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var dataOnly = dataEntries.Where(e => !modelPaths.Contains(e.Path)).ToList();
        await LockDocument.WriteAsync(fullLockPath, [.. dataOnly, .. modelEntries], cancellationToken).ConfigureAwait(false);
        await root.Host.Error.WriteLineAsync($"mlsecops: wrote {modelEntries.Count} model and {dataOnly.Count} data hashes to {Path.GetRelativePath(root.Host.WorkingDirectory, fullLockPath)}").ConfigureAwait(false);
    }

    /// <summary>The context a gate's lock or profile writer reads: the gate's files and settings, without waivers or progress.</summary>
    private GateContext ContextFor(IGate gate, ScanTarget target, IReadOnlyList<ScanFile> discovered, ScanOptions options) => new()
    {
        RepositoryRoot = target.RepositoryRoot,
        ScanRoot = target.ScanRoot,
        Files = ScanService.FilesFor(gate, target, discovered, options.Shard),
        Settings = target.Policy.ForGate(gate.Name).Settings,
        TimeProvider = root.Host.Time,
    };

    /// <summary>Records the approved profile of every data set the data-check gate would scan in its baseline-profile file.</summary>
    private async Task WriteDataProfileAsync(ScanTarget target, ScanOptions options, CancellationToken cancellationToken)
    {
        var gate = root.Gate<DataCheckGate>();
        var context = ContextFor(gate, target, FileDiscovery.Discover(target.RepositoryRoot, target.Path).Files, options);
        var (count, path) = await gate.WriteProfileAsync(context, cancellationToken).ConfigureAwait(false);
        await root.Host.Error.WriteLineAsync($"mlsecops: wrote the profile of {count} data set{(count == 1 ? "" : "s")} to {Path.GetRelativePath(root.Host.WorkingDirectory, path)}").ConfigureAwait(false);
    }

    private async Task<int?> PublishAsync(ScanReport report, IReadOnlyList<IFindingPublisher> publishers, CancellationToken cancellationToken)
    {
        int? failure = null;
        foreach (var publisher in publishers)
        {
            try
            {
                await publisher.PublishAsync(report, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (publisher.IsRequired && ex is IOException or UnauthorizedAccessException or PolicyException)
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: cannot write {publisher.Name} output: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                failure = ExitCodes.UsageError;
            }
#pragma warning disable CA1031 // An optional destination (a remote API) never flips the decision: report and go on.
            catch (Exception ex) when (!publisher.IsRequired && ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: warning: {publisher.Name} failed: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            }
        }

        return failure;
    }
}
