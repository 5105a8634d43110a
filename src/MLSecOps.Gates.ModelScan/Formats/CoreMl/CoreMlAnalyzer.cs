using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.Protobuf;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.CoreMl;

/// <summary>
/// CoreML models (<c>.mlmodel</c>, a <c>CoreML.Specification.Model</c> protobuf): walks pipelines and neural networks with the bounded
/// wire-format reader, reporting custom layers and custom models (classes the app supplies) and linked models (other files loaded
/// by path). Weights are skipped, never read.
/// </summary>
internal sealed class CoreMlAnalyzer : IModelFileAnalyzer
{
    private const int MaxNesting = 16;
    private const int MaxNameBytes = 1024;

    // Model.proto: pipelines (200 classifier, 201 regressor, 202 pipeline) hold models in field 1; neural networks (500, 401
    // classifier, 403 regressor) hold layers in field 1; 555 customModel, 556 linkedModel. NeuralNetworkLayer: 1 name, 500 custom.
    private static readonly HashSet<int> Pipelines = [200, 201, 202];
    private static readonly HashSet<int> NeuralNetworks = [500, 401, 403];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [CoreMlCustomCode.Descriptor, CoreMlLinkedModelEscape.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);

        // A Model message starts with specificationVersion (field 1, varint) or description (field 2).
        return probe.FileName.EndsWith(".mlmodel", StringComparison.Ordinal) && probe.Head.Length > 0 && probe.Head.Span[0] is 0x08 or 0x12;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        try
        {
            using var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            var reader = new ProtoReader(stream);
            Model(reader, path, stream.Length, "model", 0, findings, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or UnauthorizedAccessException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the CoreML protobuf is malformed or truncated ({ex.Message})"));
        }

        return Task.FromResult<IReadOnlyList<Finding>>([.. findings.Take(settings.Budget.MaxFindingsPerFile)]);
    }

    private static void Model(ProtoReader reader, string path, long end, string where, int depth, List<Finding> findings, CancellationToken cancellationToken)
    {
        if (depth > MaxNesting)
        {
            throw new InvalidDataException($"pipelines nest more than {MaxNesting} deep");
        }

        while (reader.TryReadKey(end, out var field, out var wire))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (wire != WireType.LengthDelimited || !(Pipelines.Contains(field) || NeuralNetworks.Contains(field) || field is 555 or 556))
            {
                reader.Skip(wire, end);
                continue;
            }

            var fieldEnd = reader.ReadLengthDelimitedEnd(end);
            if (Pipelines.Contains(field))
            {
                Repeated(reader, fieldEnd, (index, modelEnd) => Model(reader, path, modelEnd, $"{where}.pipeline[{index}]", depth + 1, findings, cancellationToken));
            }
            else if (NeuralNetworks.Contains(field))
            {
                Repeated(reader, fieldEnd, (index, layerEnd) => Layer(reader, path, layerEnd, $"{where}.layers[{index}]", findings));
            }
            else if (field == 555)
            {
                var className = StringField(reader, fieldEnd, 10);
                findings.Add(CoreMlCustomCode.Create(path, where, $"The model is a custom model: CoreML runs the app's class `{className ?? "(unnamed)"}` for it.", className));
            }
            else
            {
                LinkedModel(reader, path, fieldEnd, where, findings);
            }

            reader.MoveTo(fieldEnd);
        }
    }

    private static void Layer(ProtoReader reader, string path, long end, string where, List<Finding> findings)
    {
        string? name = null;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString(end, MaxNameBytes);
            }
            else if (field == 500 && wire == WireType.LengthDelimited)
            {
                var customEnd = reader.ReadLengthDelimitedEnd(end);
                var className = StringField(reader, customEnd, 10);
                reader.MoveTo(customEnd);
                findings.Add(CoreMlCustomCode.Create(path, where, $"Layer `{name ?? "(unnamed)"}` is a custom layer: CoreML runs the app's class `{className ?? "(unnamed)"}` for it.", className));
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private static void LinkedModel(ProtoReader reader, string path, long end, string where, List<Finding> findings)
    {
        // LinkedModel { LinkedModelFile linkedModelFile = 1 }; LinkedModelFile { StringParameter fileName = 1; StringParameter searchPath = 2 }.
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field != 1 || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire, end);
                continue;
            }

            var fileEnd = reader.ReadLengthDelimitedEnd(end);
            var parts = new List<string>();
            while (reader.TryReadKey(fileEnd, out var part, out var partWire))
            {
                if (part is 1 or 2 && partWire == WireType.LengthDelimited)
                {
                    var parameterEnd = reader.ReadLengthDelimitedEnd(fileEnd);
                    parts.Add(StringField(reader, parameterEnd, 1) ?? "");
                    reader.MoveTo(parameterEnd);
                }
                else
                {
                    reader.Skip(partWire, fileEnd);
                }
            }

            var escaping = parts.Where(Escapes).ToList();
            if (escaping.Count > 0)
            {
                findings.Add(CoreMlLinkedModelEscape.Create(path, where, $"The model links another model at `{string.Join("`, `", escaping)}`, outside the model's folder; CoreML loads whatever is there.", string.Join("|", escaping)));
            }
        }
    }

    private static void Repeated(ProtoReader reader, long end, Action<int, long> each)
    {
        var index = 0;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                var itemEnd = reader.ReadLengthDelimitedEnd(end);
                each(index++, itemEnd);
                reader.MoveTo(itemEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private static string? StringField(ProtoReader reader, long end, int wanted)
    {
        string? value = null;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == wanted && wire == WireType.LengthDelimited)
            {
                value = reader.ReadString(end, MaxNameBytes);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return value;
    }

    private static bool Escapes(string location)
    {
        var normal = location.Replace('\\', '/');
        return normal.StartsWith('/') || normal.StartsWith('~') || normal.Contains("://", StringComparison.Ordinal)
            || (normal.Length > 1 && normal[1] == ':') || normal.Split('/').Contains("..");
    }
}
