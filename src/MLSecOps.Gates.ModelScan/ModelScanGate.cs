using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Integrity;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan;

/// <summary>The model-scan gate (build stage): stops model files that run code when loaded, lie about their contents, or are unpinned or unlicensed.</summary>
public sealed class ModelScanGate : IGate
{
    // Every file is offered to every analyzer, in this order; each one that accepts it analyses it (polyglots get all views).
    private readonly IModelFileAnalyzer[] _analyzers =
    [
        new PickleAnalyzer(),
        new NumpyAnalyzer(),
        new ArchiveAnalyzer(),
        .. FormatAnalyzers.All,
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
        var settings = ModelScanSettings.From(context.Settings);
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
        var perFile = new IReadOnlyList<Finding>[files.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.MaxParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (index, token) =>
        {
            perFile[index] = await ScanFileAsync(context, files[index], settings, modelLock, token).ConfigureAwait(false);
            context.Progress?.Report(new GateProgress(Name, Interlocked.Increment(ref done), files.Count));
        }).ConfigureAwait(false);

        findings.AddRange(perFile.SelectMany(f => f));
        if (modelLock is not null)
        {
            findings.AddRange(modelLock.Missing(context));
        }

        return GateResult.Of(findings, files.Count);
    }

    private async Task<IReadOnlyList<Finding>> ScanFileAsync(GateContext context, ScanFile file, ModelScanSettings settings, ModelLock? modelLock, CancellationToken cancellationToken)
    {
        if (modelLock is not null && file.RelativePath == modelLock.Path)
        {
            return [];
        }

        var findings = new List<Finding>();
        try
        {
            var probe = await ReadProbeAsync(file, cancellationToken).ConfigureAwait(false);
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
            }

            var kind = ModelContentSniffer.Sniff(probe.Head.Span, file.Length, probe.FileName);
            if (!(kind == ModelContentKind.Unknown && accepted.Count > 0) && ModelFileNames.Mismatch(kind, probe.FileName) is { } hidesCode)
            {
                findings.Add(FormatMismatch(file, kind, probe.FileName, hidesCode));
            }

            if (modelLock is not null && ModelFileNames.IsModel(kind, probe.FileName)
                && modelLock.Check(file, await ModelLockFile.HashAsync(file.FullPath, cancellationToken).ConfigureAwait(false)) is { } lockFinding)
            {
                findings.Add(lockFinding);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(IncompleteScan.Create(file.RelativePath, null, $"the file could not be read ({ex.GetType().Name})"));
        }

        return [.. findings.DistinctBy(f => f.Fingerprint)];
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
        .. new[] { IncompleteScan.Descriptor, ModelFormatMismatch.Descriptor, ModelLockChanged.Descriptor, ModelLockMissing.Descriptor, ModelLockUnlisted.Descriptor }
            .Concat(analyzers.SelectMany(a => a.Rules))
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.Id, StringComparer.Ordinal),
    ];

    private static async Task<IReadOnlyList<Finding>> AnalyzeAsync(
        IModelFileAnalyzer analyzer, ModelFileProbe probe, ModelScanSettings settings, CancellationToken fileToken, CancellationToken gateToken)
    {
        try
        {
            return await analyzer.AnalyzeAsync(probe, settings, fileToken).ConfigureAwait(false);
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

    private static Finding FormatMismatch(ScanFile file, ModelContentKind kind, string fileName, bool hidesCode)
    {
        var extension = Path.GetExtension(fileName);
        var content = kind == ModelContentKind.Unknown ? "content the scanner does not recognise" : $"{kind} content";
        var finding = ModelFormatMismatch.Create(
            file.RelativePath, null, $"The file is named `{extension}` but holds {content}.", $"{extension}|{kind}", $"{extension} file with {kind} content");
        return hidesCode ? finding with { Severity = Severity.Critical } : finding;
    }

    private static async Task<ModelFileProbe> ReadProbeAsync(ScanFile file, CancellationToken cancellationToken)
    {
        var head = new byte[ModelFileProbe.HeadLength];
        var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        int read;
        await using (stream.ConfigureAwait(false))
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        return new ModelFileProbe(file, head.AsMemory(0, read));
    }
}
