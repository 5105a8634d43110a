using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Formats.Locking;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Integrity;
using MLSecOps.Gates.ModelScan.Rules;
using MLSecOps.Gates.ModelScan.SourceReferences;
using MLSecOps.Gates.ModelScan.Signing;

namespace MLSecOps.Gates.ModelScan;

/// <summary>The model-scan gate (build stage): stops model files that run code when loaded, lie about their contents, or are unpinned or unlicensed.</summary>
public sealed class ModelScanGate : IVerifyingGate
{
    // Every file is offered to every analyzer, in this order; each one that accepts it analyses it (polyglots get all views).
    private readonly IModelFileAnalyzer[] _analyzers =
    [
        new PickleAnalyzer(),
        new NumpyAnalyzer(),
        new ArchiveAnalyzer(),
        .. FormatAnalyzers.All,
        new SourceReferenceAnalyzer(),
    ];

    /// <summary>Creates the gate.</summary>
    public ModelScanGate()
    {
        Rules = RulesOf(_analyzers);
    }

    /// <summary>Creates the gate with other analyzers (tests).</summary>
    internal ModelScanGate(IModelFileAnalyzer[] analyzers)
    {
        _analyzers = analyzers;
        Rules = RulesOf(_analyzers);
    }

    /// <inheritdoc />
    public string Name => "model-scan";

    /// <inheritdoc />
    public string Stage => "build";

    /// <inheritdoc />
    public string Description => "stops model files that run code when loaded, lie about their contents, or are unpinned or unlicensed";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; }

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings => ModelScanSettings.Descriptors;

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; } = ["**"];

    /// <inheritdoc />
    public bool Understands(ScanFile file) => file is not null && ModelFileNames.HasModelExtension(Path.GetFileName(file.RelativePath));

    /// <inheritdoc />
    public async Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (reports, findings) = await ScanAsync(context, cancellationToken).ConfigureAwait(false);
        var assets = await ModelAssets.FromAsync(reports, context, cancellationToken).ConfigureAwait(false);
        return GateResult.Of([.. findings, .. reports.SelectMany(r => r.Findings)], reports.Count) with { Assets = assets };
    }

    /// <summary>Checks the model files against the lock file and their signatures only, without analysing content: the <c>verify</c> command.</summary>
    /// <param name="context">The gate context, as for a scan.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The lock (MOD019-MOD021, MOD001) and signature (MOD090-MOD096) findings.</returns>
    public async Task<GateResult> VerifyAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = ModelScanSettings.From(context.Settings);
        var findings = new List<Finding>();
        if (settings.LockFile is { Length: > 0 } lockPath)
        {
            var (modelLock, problem) = await ModelLock.LoadAsync(context, lockPath, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                findings.Add(problem);
            }

            if (modelLock is not null)
            {
                foreach (var file in context.Files.Where(f => f.RelativePath != modelLock.Path))
                {
                    try
                    {
                        if (ModelLockFile.IsModel(file) && modelLock.Check(file, await FileDigest.OfAsync(file.FullPath, cancellationToken).ConfigureAwait(false)) is { } finding)
                        {
                            findings.Add(finding);
                        }
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        findings.Add(IncompleteScan.Create(file.RelativePath, null, $"the file could not be read ({ex.GetType().Name})"));
                    }
                }

                findings.AddRange(modelLock.Missing(context));
            }
        }

        findings.AddRange(await ModelSignatureCheck.RunAsync(context, settings, cancellationToken).ConfigureAwait(false));
        return GateResult.Of(findings, context.Files.Count);
    }

    /// <summary>Scans every file and returns what was said about each, plus the findings that belong to no one file (lock file).</summary>
    internal async Task<(IReadOnlyList<FileReport> Reports, IReadOnlyList<Finding> Findings)> ScanAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = ModelScanSettings.From(context.Settings).ForRepository(context.RepositoryRoot);
        var findings = new List<Finding>();
        ModelLock? modelLock = null;
        if (settings.LockFile is { Length: > 0 } lockPath)
        {
            var (loaded, problem) = await ModelLock.LoadAsync(context, lockPath, cancellationToken).ConfigureAwait(false);
            modelLock = loaded;
            if (problem is not null)
            {
                findings.Add(problem);
            }
        }

        var files = context.Files;
        var modelFolders = ModelFileNames.ModelFolders(files.Select(f => f.RelativePath));
        var memory = new MemoryBudget(settings.Budget.MaxFileMemoryBytes, settings.Budget.MaxTotalMemoryBytes);
        var reports = new FileReport[files.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.MaxParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (index, token) =>
        {
            var file = files[index];
            var folder = ModelFileNames.FolderOf(file.RelativePath);
            var inModelFolder = modelFolders.Contains(folder) || (folder.Length > 0 && modelFolders.Contains(ModelFileNames.FolderOf(folder)));
            reports[index] = await ScanFileAsync(context, file, settings with { Memory = memory, Time = context.TimeProvider }, modelLock, inModelFolder, token).ConfigureAwait(false);
            context.Progress?.Report(new GateProgress(Name, Interlocked.Increment(ref done), files.Count));
        }).ConfigureAwait(false);

        if (modelLock is not null)
        {
            findings.AddRange(modelLock.Missing(context));
        }

        findings.AddRange(await ModelSignatureCheck.RunAsync(context, settings, cancellationToken).ConfigureAwait(false));
        return (reports, findings);
    }

    private async Task<FileReport> ScanFileAsync(
        GateContext context, ScanFile file, ModelScanSettings settings, ModelLock? modelLock, bool inModelFolder, CancellationToken cancellationToken)
    {
        if (modelLock is not null && file.RelativePath == modelLock.Path)
        {
            return new FileReport(file, null, [], ["model lock file"]);
        }

        var findings = new List<Finding>();
        ModelFileProbe? probe = null;
        try
        {
            // One open, one classification: every analyzer, the mismatch check and the lock check use this probe; the first
            // analyzer to read the content reads the stream that was classified.
            probe = ModelFileProbe.Open(file, inModelFolder);
            var accepted = new List<IModelFileAnalyzer>();
            foreach (var analyzer in _analyzers)
            {
                if (Accepts(analyzer, probe, findings))
                {
                    accepted.Add(analyzer);
                }
            }

            using var timeout = new CancellationTokenSource(settings.Budget.PerFileTime, context.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            foreach (var analyzer in accepted)
            {
                findings.AddRange(await AnalyzeAsync(analyzer, probe, settings, linked.Token, cancellationToken).ConfigureAwait(false));
                cancellationToken.ThrowIfCancellationRequested();
            }

            findings.AddRange(NameChecks(file, probe.Content, accepted.Count > 0));
            if (modelLock is not null && ModelFileNames.IsModel(probe.Content)
                && modelLock.Check(file, await FileDigest.OfAsync(file.FullPath, cancellationToken).ConfigureAwait(false)) is { } lockFinding)
            {
                findings.Add(lockFinding);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(IncompleteScan.Create(file.RelativePath, null, $"the file could not be read ({ex.GetType().Name})"));
        }
        finally
        {
            probe?.Dispose();
        }

        var distinct = findings.DistinctBy(f => f.Fingerprint).ToList();
        var readBy = probe?.Verdict.ReadBy ?? [];
        if (distinct.Count == 0 && readBy.Count == 0 && probe?.Content is { InModelScope: true, Kind: not (ModelContentKind.Text or ModelContentKind.Empty) } content)
        {
            // The one place that enforces "something is said about every model file": nothing read it, nothing was found.
            distinct.Add(NotRecognised(file, content));
        }

        return new FileReport(file, probe?.Content, distinct, readBy);
    }

    private static IEnumerable<Finding> NameChecks(ScanFile file, ContentClassification content, bool analysed)
    {
        if (content.Kind == ModelContentKind.Empty)
        {
            if (content.ModelName)
            {
                var extension = Path.GetExtension(content.FileName);
                yield return ModelFormatMismatch.Create(
                    file.RelativePath, null, $"The file is named `{extension}` but is empty: no loader can run it.", $"{extension}|empty", "0 bytes") with { Severity = Severity.Info };
            }

            yield break;
        }

        if (!(content.Kind is ModelContentKind.Unknown or ModelContentKind.Text && analysed) && ModelFileNames.Mismatch(content.Kind, content.FileName) is { } hidesCode)
        {
            yield return FormatMismatch(file, content.Kind, content.FileName, hidesCode, analysed);
        }
    }

    private static Finding NotRecognised(ScanFile file, ContentClassification content)
    {
        // A model name that no reader can confirm is medium; raw data beside models (external tensor data, shards) is a note.
        var why = content.ModelName ? "it is named like a model" : "it is in a folder of model files (raw tensor data needs no scan; anything else should be checked)";
        return IncompleteScan.Create(file.RelativePath, null, $"the content is not a format the scanner reads ({content.Kind}), and {why}")
            with { Severity = content.ModelName ? Severity.Medium : Severity.Info };
    }

    private static bool Accepts(IModelFileAnalyzer analyzer, ModelFileProbe probe, List<Finding> findings)
    {
        try
        {
            return analyzer.Accepts(probe);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail closed: if an analyzer cannot even decide, the file is reported rather than skipped.
            findings.Add(IncompleteScan.Create(probe.File.RelativePath, null, $"{analyzer.GetType().Name} could not examine the file ({ex.GetType().Name}: {ex.Message})"));
            return false;
        }
    }

    private static RuleDescriptor[] RulesOf(IModelFileAnalyzer[] analyzers) =>
    [
        .. new[]
            {
                IncompleteScan.Descriptor, ModelFormatMismatch.Descriptor, ModelLockChanged.Descriptor, ModelLockMissing.Descriptor, ModelLockUnlisted.Descriptor,
                ModelSignatureMissing.Descriptor, ModelSignatureInvalid.Descriptor, SignedFileChanged.Descriptor, FileAddedAfterSigning.Descriptor,
                SignerNotAllowed.Descriptor, SigningCertificateExpired.Descriptor, SignatureNotFullyVerified.Descriptor,
            }
            .Concat(analyzers.SelectMany(a => a.Rules))
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.Id, StringComparer.Ordinal),
    ];

    private static async Task<IReadOnlyList<Finding>> AnalyzeAsync(
        IModelFileAnalyzer analyzer, ModelFileProbe probe, ModelScanSettings settings, CancellationToken fileToken, CancellationToken gateToken)
    {
        try
        {
            var findings = await analyzer.AnalyzeAsync(probe, settings, fileToken).ConfigureAwait(false);
            if (!analyzer.RecordsOwnVerdict)
            {
                probe.Verdict.Read(analyzer.GetType().Name);
            }

            return findings;
        }
        catch (OperationCanceledException) when (!gateToken.IsCancellationRequested)
        {
            return [IncompleteScan.Create(probe.File.RelativePath, null, $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s")];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail closed: an analyzer bug must never let a file pass silently.
            return [IncompleteScan.Create(probe.File.RelativePath, null, $"{analyzer.GetType().Name} failed ({ex.GetType().Name}: {ex.Message})")];
        }
    }

    private static Finding FormatMismatch(ScanFile file, ModelContentKind kind, string fileName, bool hidesCode, bool analysed)
    {
        var extension = Path.GetExtension(fileName);
        var unrecognised = kind is ModelContentKind.Unknown or ModelContentKind.Text;
        var content = unrecognised ? "content the scanner does not recognise" : $"{kind} content";
        var consequence = unrecognised
            ? ": it is not a model, and no loader of that format runs it"
            : analysed ? "; that content was scanned as what it is" : "";
        var finding = ModelFormatMismatch.Create(
            file.RelativePath, null, $"The file is named `{extension}` but holds {content}{consequence}.", $"{extension}|{kind}", $"{extension} file with {kind} content");
        // Code behind a safe-format name is a disguise; content no loader runs, or that was scanned anyway, only needs a rename.
        return hidesCode ? finding with { Severity = Severity.Critical }
            : unrecognised || analysed ? finding with { Severity = Severity.Medium }
            : finding;
    }
}
