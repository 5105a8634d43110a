using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.MxNet;

/// <summary>
/// MXNet symbol graphs (<c>*-symbol.json</c>, or JSON opening with a <c>nodes</c> list whose first node starts with <c>op</c>): every node's operator, inputs (which must point to
/// earlier nodes, so the graph has no loop), attributes and the graph's own attributes, bounded. <c>Custom</c> operators and attributes
/// that name native libraries are reported; the strings are searched for code. Building the graph runs registered operators only.
/// </summary>
internal sealed partial class MxNetSymbolAnalyzer : IModelFileAnalyzer
{
    private const long MaxDocumentBytes = 256L << 20;
    private const int MaxNodes = 10_000_000;
    private static readonly HashSet<string> LibraryKeys = new(StringComparer.OrdinalIgnoreCase) { "library", "lib", "lib_path", "dll", "plugin" };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [MxNetCustomOperator.Descriptor, ModelMetadataCode.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind is ModelContentKind.Text or ModelContentKind.Unknown
            && (probe.FileName.EndsWith("-symbol.json", StringComparison.Ordinal)
                || (probe.FileName.EndsWith(".json", StringComparison.Ordinal) && NodesHead().IsMatch(System.Text.Encoding.ASCII.GetString(probe.Head.Span[..Math.Min(probe.Head.Length, 64)]))));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(settings);
        var path = probe.File.RelativePath;
        if (probe.File.Length > MaxDocumentBytes)
        {
            return [IncompleteScan.Create(path, null, $"the MXNet graph has {probe.File.Length:N0} bytes, more than the {MaxDocumentBytes:N0} the validator reads") with { Severity = Severity.Medium }];
        }

        var report = new DataModelReport(path, "MXNet graph");
        try
        {
            var bytes = await File.ReadAllBytesAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                throw new InvalidDataException("the JSON is not valid UTF-8");
            }

            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            Check(document.RootElement, report, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            // Medium: MXNet refuses a graph it cannot parse, and a graph names operators, it does not carry their code.
            report.Findings.Add(IncompleteScan.Create(path, null, $"the MXNet graph is malformed ({ex.Message}); MXNet refuses it, and a graph carries no code") with { Severity = Severity.Medium });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Findings.Add(IncompleteScan.Create(path, null, $"the MXNet graph could not be read ({ex.Message})"));
        }

        return [.. report.Findings.Take(settings.Budget.MaxFindingsPerFile)];
    }

    private static void Check(JsonElement root, DataModelReport report, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array || nodes.GetArrayLength() == 0)
        {
            throw new InvalidDataException("the document has no `nodes` list");
        }

        if (root.TryGetProperty("attrs", out var graph))
        {
            report.Walk(graph, "attrs", cancellationToken);
        }

        var count = nodes.GetArrayLength();
        if (count > MaxNodes)
        {
            throw new InvalidDataException($"{count:N0} nodes, more than {MaxNodes:N0}");
        }

        var index = 0;
        foreach (var node in nodes.EnumerateArray())
        {
            if ((index & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Node(node, index++, report, cancellationToken);
        }

        foreach (var list in (string[])["arg_nodes", "heads"])
        {
            if (!root.TryGetProperty(list, out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"the document has no `{list}` list");
            }

            foreach (var entry in entries.EnumerateArray())
            {
                var target = entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() > 0 ? entry[0] : entry;
                if (target.ValueKind != JsonValueKind.Number || !target.TryGetInt32(out var i) || i < 0 || i >= count)
                {
                    throw new InvalidDataException($"`{list}` names a node outside the graph");
                }
            }
        }
    }

    private static void Node(JsonElement node, int index, DataModelReport report, CancellationToken cancellationToken)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("op", out var opValue) || opValue.ValueKind != JsonValueKind.String
            || !node.TryGetProperty("name", out var nameValue) || nameValue.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"node {index} has no `op` and `name`");
        }

        var op = opValue.GetString()!;
        var name = nameValue.GetString()!;
        var at = $"nodes[{index}]";
        if (node.TryGetProperty("inputs", out var inputs))
        {
            foreach (var input in inputs.ValueKind == JsonValueKind.Array ? inputs.EnumerateArray() : throw new InvalidDataException($"`{at}.inputs` is not a list"))
            {
                // A node's inputs are earlier nodes: MXNet saves the graph in topological order, so a later or own index is a loop.
                if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() < 2 || !input[0].TryGetInt32(out var source) || source < 0 || source >= index)
                {
                    throw new InvalidDataException($"`{at}` ({name}) takes an input that is not an earlier node");
                }
            }
        }

        report.Strings($"{at}.name", name);
        string? type = null;
        foreach (var key in (string[])["attrs", "attr", "param"])
        {
            if (!node.TryGetProperty(key, out var attrs))
            {
                continue;
            }

            if (attrs.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"`{at}.{key}` is not an object");
            }

            foreach (var attr in attrs.EnumerateObject())
            {
                var value = attr.Value.ValueKind == JsonValueKind.String ? attr.Value.GetString()! : attr.Value.GetRawText();
                if (LibraryKeys.Contains(attr.Name) && (value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || LibrarySuffix().IsMatch(value)))
                {
                    report.Add(MxNetCustomOperator.Create(report.Path, $"{at}.{key}.{attr.Name}", $"Node `{name}` ({op}) names the native library `{value}` in `{attr.Name}`.", value));
                }
            }

            report.Walk(attrs, $"{at}.{key}", cancellationToken);
            type ??= attrs.TryGetProperty("op_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }

        if (op == "Custom")
        {
            report.Add(MxNetCustomOperator.Create(report.Path, at, $"Node `{name}` is a `Custom` operator of type `{type}`: MXNet runs the Python CustomOpProp registered under that name on every forward pass.", type));
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\{\s*""nodes""\s*:\s*\[\s*\{\s*""op""\s*:", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 1000)]
    private static partial System.Text.RegularExpressions.Regex NodesHead();

    [System.Text.RegularExpressions.GeneratedRegex(@"\.(?:so(?:\.\d+)*|dll|dylib)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, 1000)]
    private static partial System.Text.RegularExpressions.Regex LibrarySuffix();
}
