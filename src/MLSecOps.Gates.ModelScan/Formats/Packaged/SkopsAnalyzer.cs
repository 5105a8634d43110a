using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Packaged;

/// <summary>
/// skops files (<c>.skops</c>, a ZIP): reads <c>schema.json</c>, the tree of typed nodes skops rebuilds, and judges every
/// <c>__module__</c>/<c>__class__</c> pair. The arrays beside it are scanned by the archive scanner.
/// </summary>
internal sealed class SkopsAnalyzer : IModelFileAnalyzer
{
    private const string Schema = "schema.json";

    // skops's default trusted set: scikit-learn, NumPy, SciPy and plain Python values.
    private static readonly HashSet<string> TrustedRoots = new(StringComparer.Ordinal) { "sklearn", "numpy", "scipy", "skops" };

    private static readonly HashSet<string> TrustedBuiltins = new(StringComparer.Ordinal)
    {
        "dict", "list", "tuple", "str", "int", "float", "bool", "complex", "bytes", "bytearray", "set", "frozenset", "slice", "NoneType", "type", "object",
    };

    // skops loaders that call functions rather than build values (CVE-2025-54412: OperatorFuncNode).
    private static readonly HashSet<string> CallingLoaders = new(StringComparer.Ordinal) { "OperatorFuncNode", "MethodNode", "FunctionNode", "PartialNode" };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [SkopsDangerousType.Descriptor, SkopsUntrustedType.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".skops", StringComparison.Ordinal) && probe.Content.Kind == ModelContentKind.Zip;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        try
        {
            var (members, _) = await PackagedMembers.ReadAsync(probe.File.FullPath, n => n == Schema, cancellationToken).ConfigureAwait(false);
            var schema = members.LastOrDefault(m => m.Name == Schema);
            if (schema?.Text is null)
            {
                return [IncompleteScan.Create(path, Schema, "the file has no schema.json, so skops cannot load it and its types are unknown") with { Severity = Severity.Medium }];
            }

            if (schema.Truncated)
            {
                return [IncompleteScan.Create(path, Schema, $"schema.json is larger than {PackagedMembers.MaxTextBytes / (1024 * 1024)} MiB")];
            }

            using var document = JsonDocument.Parse(schema.Text, new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
            var findings = new List<Finding>();
            Walk(path, document.RootElement, "", findings, new HashSet<string>(StringComparer.Ordinal));
            return [.. findings.Take(settings.Budget.MaxFindingsPerFile)];
        }
        catch (JsonException ex)
        {
            return [IncompleteScan.Create(path, Schema, $"schema.json is not valid JSON or nests too deep ({ex.Message})")];
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(path, null, $"the skops file could not be read ({ex.Message})")];
        }
    }

    private static void Walk(string path, JsonElement node, string where, List<Finding> findings, HashSet<string> reported)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in node.EnumerateArray())
            {
                Walk(path, item, $"{where}[{index++}]", findings, reported);
            }

            return;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        Judge(path, node, where.Length == 0 ? "schema.json" : "schema.json/" + where, findings, reported);
        foreach (var property in node.EnumerateObject())
        {
            Walk(path, property.Value, where.Length == 0 ? property.Name : $"{where}.{property.Name}", findings, reported);
        }
    }

    private static void Judge(string path, JsonElement node, string where, List<Finding> findings, HashSet<string> reported)
    {
        var module = Text(node, "__module__");
        var type = Text(node, "__class__");
        var loader = Text(node, "__loader__");
        if (type is null && module is null)
        {
            return;
        }

        var name = type is null ? module! : module is null || type.StartsWith(module + ".", StringComparison.Ordinal) ? type : $"{module}.{type}";
        if (!reported.Add(name + "|" + loader))
        {
            return;
        }

        if (PythonTargets.IsDangerous(name) || (loader is not null && CallingLoaders.Contains(loader) && !PythonTargets.IsUnder(name, TrustedRoots)))
        {
            findings.Add(SkopsDangerousType.Create(path, where, $"schema.json asks skops to build `{name}`{(loader is null ? "" : $" with {loader}")}; loading it as trusted calls it.", name));
        }
        else if (!PythonTargets.IsUnder(name, TrustedRoots) && !IsTrustedBuiltin(name, module))
        {
            findings.Add(SkopsUntrustedType.Create(path, where, $"schema.json needs `{name}`, which skops does not trust by default; `skops.io.load(trusted=...)` would import and build it.", name));
        }
    }

    // skops writes builtins with `__module__: builtins`; a bare `float` without a module resolves to nothing else.
    private static bool IsTrustedBuiltin(string name, string? module) =>
        (name.StartsWith("builtins.", StringComparison.Ordinal) && TrustedBuiltins.Contains(name["builtins.".Length..]))
        || (module is null && TrustedBuiltins.Contains(name));

    private static string? Text(JsonElement node, string key) =>
        node.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
