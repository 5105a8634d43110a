using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Packaged;

/// <summary>
/// TorchServe model archives (<c>.mar</c>): reads <c>MAR-INF/MANIFEST.json</c> for the handler, and every <c>.py</c> member for calls
/// that run commands or code. The serialized model and extra files inside are scanned by the archive scanner like any ZIP.
/// </summary>
internal sealed class TorchServeArchiveAnalyzer : IModelFileAnalyzer
{
    private const string Manifest = "MAR-INF/MANIFEST.json";

    // TorchServe's default handlers (ts.torch_handler.*): code of the server, not of the archive.
    private static readonly HashSet<string> BuiltInHandlers = new(StringComparer.Ordinal)
    {
        "image_classifier", "image_segmenter", "object_detector", "text_classifier", "text_classification", "dense_classifier",
    };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [TorchServeCustomHandler.Descriptor, TorchServeHandlerRunsCommands.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".mar", StringComparison.Ordinal) && probe.Content.Kind == ModelContentKind.Zip;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        try
        {
            var (members, left) = await PackagedMembers.ReadAsync(
                probe.File.FullPath, n => n == Manifest || n.EndsWith(".py", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            if (left)
            {
                findings.Add(IncompleteScan.Create(path, null, $"the archive has more than {PackagedMembers.MaxMembers} members"));
            }

            CheckHandler(path, members, findings);
            foreach (var code in members.Where(m => m.Text is not null && m.Name.EndsWith(".py", StringComparison.Ordinal)))
            {
                CheckCode(path, code, findings);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the TorchServe archive could not be read ({ex.Message})"));
        }

        return [.. findings.Take(settings.Budget.MaxFindingsPerFile)];
    }

    private static void CheckHandler(string path, IReadOnlyList<PackagedMember> members, List<Finding> findings)
    {
        var manifest = members.LastOrDefault(m => m.Name == Manifest);
        if (manifest?.Text is null)
        {
            findings.Add(IncompleteScan.Create(path, Manifest, "the archive has no MAR-INF/MANIFEST.json, so the handler TorchServe would run is unknown") with { Severity = Severity.Medium });
            return;
        }

        string? handler;
        try
        {
            using var document = JsonDocument.Parse(manifest.Text, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            handler = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object
                && model.TryGetProperty("handler", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException ex)
        {
            findings.Add(IncompleteScan.Create(path, Manifest, $"the manifest is not valid JSON ({ex.Message})"));
            return;
        }

        if (string.IsNullOrWhiteSpace(handler))
        {
            findings.Add(IncompleteScan.Create(path, Manifest, "the manifest names no model.handler") with { Severity = Severity.Medium });
            return;
        }

        // "handler.py", "handler.py:entry" and "package.module" all name code; only the server's own handlers do not.
        var module = handler.Split(':')[0];
        if (BuiltInHandlers.Contains(module))
        {
            return;
        }

        var shipped = members.Any(m => m.Name == module || m.Name == module.Replace('.', '/') + ".py");
        var where = shipped ? "shipped in the archive" : "not in the archive, so whatever module of that name is installed";
        findings.Add(TorchServeCustomHandler.Create(path, Manifest, $"TorchServe runs the handler `{handler}` ({where}) when it loads the model.", handler));
    }

    private static void CheckCode(string path, PackagedMember code, List<Finding> findings)
    {
        if (code.Truncated)
        {
            findings.Add(IncompleteScan.Create(path, code.Name, $"the Python file is larger than {PackagedMembers.MaxTextBytes / (1024 * 1024)} MiB; only its start was read"));
        }

        foreach (var (call, line) in PythonRiskyCalls.Find(code.Text!))
        {
            findings.Add(TorchServeHandlerRunsCommands.Create(path, code.Name, $"`{code.Name}` calls `{call}` at line {line}; TorchServe runs this code when it loads the model.", $"{call}@{line}"));
        }
    }
}
