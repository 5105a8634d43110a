using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.Keras;
using MLSecOps.Gates.ModelScan.Formats.Protobuf;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.TensorFlow;

/// <summary>TensorFlow graphs: <c>saved_model.pb</c>, frozen <c>*.pb</c> GraphDefs, TF1 <c>.meta</c> MetaGraphDefs, and <c>keras_metadata.pb</c> layer configs.</summary>
internal sealed class TensorFlowGraphAnalyzer : IModelFileAnalyzer
{
    private const int MaxMetadataBytes = 64 * 1024 * 1024;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
    [
        TensorFlowCodeExecutionOp.Descriptor, TensorFlowFileAccessOp.Descriptor, KerasLambdaLayer.Descriptor, KerasDangerousModuleImport.Descriptor,
        KerasCustomObject.Descriptor, KerasDeserializationGadget.Descriptor, IncompleteScan.Descriptor,
    ];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        // Protobuf has no magic: the name is the hint, the first keys the check.
        var head = probe.Head.Span;
        if (IsMetaGraph(probe))
        {
            return true;
        }

        if (!probe.FileName.EndsWith(".pb", StringComparison.Ordinal) || head.Length < 3)
        {
            return false;
        }

        // SavedModel and Keras metadata by name; any other .pb only if it opens like a GraphDef: a node (field 1) whose first field is its name or op.
        return probe.FileName is "saved_model.pb" or "keras_metadata.pb"
            || (head[0] == 0x0A && SkipVarint(head[1..]) is { Length: > 0 } node && node[0] is 0x0A or 0x12);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            return Task.FromResult(Analyze(probe, stream, settings, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([IncompleteScan.Create(probe.File.RelativePath, null, $"the TensorFlow file could not be opened ({ex.Message})")]);
        }
    }

    /// <summary>Analyses the open, seekable <paramref name="content"/> of the probed file; what was read before an error or the deadline is kept.</summary>
    internal static IReadOnlyList<Finding> Analyze(ModelFileProbe probe, Stream content, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        var graph = new TensorFlowGraphReader();
        string? incomplete = null;
        try
        {
            using var stream = new BufferedStream(new CancellableStream(content, cancellationToken), 64 * 1024);
            if (probe.FileName == "keras_metadata.pb")
            {
                ReadKerasMetadata(path, stream, findings, cancellationToken);
            }
            else if (IsMetaGraph(probe))
            {
                graph.ReadMetaGraphDef(stream);
            }
            else if (probe.FileName == "saved_model.pb")
            {
                graph.ReadSavedModel(stream);
            }
            else
            {
                graph.ReadGraphDef(stream);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or EndOfStreamException)
        {
            incomplete = $"the TensorFlow protobuf could not be read ({ex.Message})";
        }
        catch (OperationCanceledException)
        {
            // The file's deadline or the gate's budget: what was found so far is kept; the gate rethrows its own cancellation.
            incomplete = $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s";
        }

        // A model node's config repeats its layers' configs: report each problem once.
        var distinct = probe.FileName == "keras_metadata.pb" ? findings.DistinctBy(f => (f.Rule.Id, f.Evidence)).ToList() : OpFindings(path, graph);
        if (incomplete is not null)
        {
            distinct.Add(IncompleteScan.Create(path, null, incomplete));
        }

        return distinct;
    }

    private static List<Finding> OpFindings(string path, TensorFlowGraphReader reader)
    {
        var findings = new List<Finding>();
        foreach (var op in reader.Ops)
        {
            if (TensorFlowOps.CodeExecutionOrWrite.Contains(op.Op))
            {
                findings.Add(TensorFlowCodeExecutionOp.Create(path, op.LogicalPath, $"Node '{op.LogicalPath}' runs the op '{op.Op}', which calls Python or writes files when the graph runs.", op.Op));
            }
            else if (TensorFlowOps.FileAccess.Contains(op.Op))
            {
                findings.Add(TensorFlowFileAccessOp.Create(path, op.LogicalPath, $"Node '{op.LogicalPath}' runs the op '{op.Op}', which reads or lists host files.", op.Op));
            }
        }

        findings.AddRange(reader.Incomplete.Distinct(StringComparer.Ordinal).Select(reason => IncompleteScan.Create(path, null, reason)));
        return findings;
    }

    // SavedMetadata: nodes = 1 (SavedObject: node_path = 3, metadata = 5, a Keras layer config as JSON).
    private static void ReadKerasMetadata(string path, Stream stream, List<Finding> findings, CancellationToken cancellationToken)
    {
        var reader = new ProtoReader(stream);
        var end = reader.Length;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (field != 1 || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire, end);
                continue;
            }

            var nodeEnd = reader.ReadLengthDelimitedEnd(end);
            var nodePath = "?";
            string? metadata = null;
            while (reader.TryReadKey(nodeEnd, out var nf, out var nw))
            {
                if (nf == 3 && nw == WireType.LengthDelimited)
                {
                    nodePath = reader.ReadString(nodeEnd, 4096);
                }
                else if (nf == 5 && nw == WireType.LengthDelimited)
                {
                    var bytes = reader.ReadBytes(nodeEnd, MaxMetadataBytes + 1);
                    metadata = bytes.Length > MaxMetadataBytes ? null : Encoding.UTF8.GetString(bytes);
                    if (metadata is null)
                    {
                        findings.Add(IncompleteScan.Create(path, nodePath, $"layer metadata larger than {MaxMetadataBytes} bytes"));
                    }
                }
                else
                {
                    reader.Skip(nw, nodeEnd);
                }
            }

            if (metadata is not null)
            {
                findings.AddRange(KerasConfigInspector.Inspect(path, nodePath, metadata));
            }

            reader.MoveTo(nodeEnd);
        }
    }

    // A TF1 `.meta` (tf.train.Saver's MetaGraphDef) opens with meta_info_def (field 1) or graph_def (field 2); `.meta` files of
    // other tools (Unity's YAML, for one) open with text, so the name alone does not decide.
    private static bool IsMetaGraph(ModelFileProbe probe) =>
        probe.FileName.EndsWith(".meta", StringComparison.Ordinal) && probe.Head.Length >= 3 && probe.Head.Span[0] is 0x0A or 0x12
        && SkipVarint(probe.Head.Span[1..]).Length > 0;

    private static ReadOnlySpan<byte> SkipVarint(ReadOnlySpan<byte> span)
    {
        for (var i = 0; i < span.Length && i < 10; i++)
        {
            if ((span[i] & 0x80) == 0)
            {
                return span[(i + 1)..];
            }
        }

        return [];
    }
}
