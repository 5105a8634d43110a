using MLSecOps.Gates.ModelScan.Formats.Protobuf;

namespace MLSecOps.Gates.ModelScan.Formats.Onnx;

/// <summary>Walks an ONNX ModelProto without the ONNX runtime: opset domains, node domains and op types, and external-data locations, through subgraphs and functions.</summary>
internal sealed class OnnxModelReader
{
    /// <summary>How deep subgraphs (If/Loop/Scan bodies) are followed.</summary>
    public const int MaxGraphDepth = 32;

    private const int MaxStringBytes = 4096;

    /// <summary>The most node inputs of the main graph checked against what defines them.</summary>
    private const int MaxCheckedInputs = 1_000_000;

    // Names the main graph defines (graph inputs, initializers, node outputs) and the node inputs that read them, in file order.
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private readonly List<(string Node, string Input)> _reads = [];

    /// <summary>Gets the opset-import and node domains, with where they were seen.</summary>
    public List<(string LogicalPath, string Domain)> Domains { get; } = [];

    /// <summary>Gets the nodes' op types.</summary>
    public List<(string LogicalPath, string OpType)> Ops { get; } = [];

    /// <summary>Gets the tensors stored outside the model and their <c>location</c> (null when missing).</summary>
    public List<(string LogicalPath, string? Location)> ExternalTensors { get; } = [];

    /// <summary>Gets what makes the model one that ONNX would not load (no graph, a node without an operator): a damaged file, reported as not analysed.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Reads a ModelProto: graph = 7, opset_import = 8, functions = 25.</summary>
    /// <remarks>What was read before an error or the deadline stays in the lists, so its findings are kept.</remarks>
    public void Read(Stream stream)
    {
        var reader = new ProtoReader(stream);
        var end = reader.Length;
        var graphs = 0;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (wire != WireType.LengthDelimited || field is not (7 or 8 or 25))
            {
                reader.Skip(wire, end);
                continue;
            }

            var fieldEnd = reader.ReadLengthDelimitedEnd(end);
            switch (field)
            {
                case 7:
                    graphs++;
                    ReadGraph(reader, fieldEnd, "graph", 0);
                    break;
                case 8:
                    ReadOpset(reader, fieldEnd, "opset_import");
                    break;
                default:
                    ReadFunction(reader, fieldEnd);
                    break;
            }

            reader.MoveTo(fieldEnd);
        }

        // A cut or damaged file can still be well-formed protobuf; a model without a graph is not one ONNX loads.
        if (graphs == 0)
        {
            Problems.Add("the ONNX model has no graph");
        }

        // onnx.checker refuses a node input no graph input, initializer or node output defines; a damaged initializer or input list reads so.
        foreach (var (node, input) in _reads.Where(r => !_defined.Contains(r.Input)).Take(10))
        {
            Problems.Add($"node '{node}' reads '{input}', which no graph input, initializer or node output defines");
        }
    }

    private void ReadOpset(ProtoReader reader, long end, string path)
    {
        var domain = "";
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                domain = reader.ReadString(end, MaxStringBytes);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        Domains.Add((path, domain));
    }

    // FunctionProto: name = 1, node = 7, opset_import = 9.
    private void ReadFunction(ProtoReader reader, long end)
    {
        var name = "?";
        var nodes = new OnnxModelReader();
        try
        {
            while (reader.TryReadKey(end, out var field, out var wire))
            {
                if (wire != WireType.LengthDelimited)
                {
                    reader.Skip(wire, end);
                    continue;
                }

                if (field == 1)
                {
                    name = reader.ReadString(end, MaxStringBytes);
                    continue;
                }

                var fieldEnd = reader.ReadLengthDelimitedEnd(end);
                if (field == 7)
                {
                    nodes.ReadNode(reader, fieldEnd, "", 1);
                }
                else if (field == 9)
                {
                    nodes.ReadOpset(reader, fieldEnd, "opset_import");
                }

                reader.MoveTo(fieldEnd);
            }
        }
        finally
        {
            Merge(nodes, $"functions/{name}/");
        }
    }

    // GraphProto: node = 1, initializer = 5, input = 11 (ValueInfoProto name = 1), sparse_initializer = 15.
    private void ReadGraph(ProtoReader reader, long end, string path, int depth)
    {
        if (depth > MaxGraphDepth)
        {
            throw new InvalidDataException($"subgraphs nested deeper than {MaxGraphDepth} levels");
        }

        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (wire == WireType.LengthDelimited && field == 11 && depth == 0)
            {
                var inputEnd = reader.ReadLengthDelimitedEnd(end);
                _defined.Add(ReadName(reader, inputEnd));
                reader.MoveTo(inputEnd);
                continue;
            }

            if (wire != WireType.LengthDelimited || field is not (1 or 5 or 15))
            {
                reader.Skip(wire, end);
                continue;
            }

            var fieldEnd = reader.ReadLengthDelimitedEnd(end);
            switch (field)
            {
                case 1:
                    ReadNode(reader, fieldEnd, path + "/", depth);
                    break;
                case 5:
                    var initializer = ReadTensor(reader, fieldEnd, path + "/initializer");
                    if (depth == 0)
                    {
                        _defined.Add(initializer);
                    }

                    break;
                default:
                    ReadSparseTensor(reader, fieldEnd, path + "/sparse_initializer", depth == 0 ? _defined : null);
                    break;
            }

            reader.MoveTo(fieldEnd);
        }
    }

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7. The node is named after reading it all: fields may come in any order.
    private void ReadNode(ProtoReader reader, long end, string prefix, int depth)
    {
        var name = "";
        var opType = "";
        var domain = "";
        var inputs = new List<string>();
        var inner = new OnnxModelReader();
        var complete = false;
        try
        {
            while (reader.TryReadKey(end, out var field, out var wire))
            {
                if (wire != WireType.LengthDelimited || field is not (1 or 2 or 3 or 4 or 5 or 7))
                {
                    reader.Skip(wire, end);
                    continue;
                }

                if (field == 5)
                {
                    var attrEnd = reader.ReadLengthDelimitedEnd(end);
                    inner.ReadAttribute(reader, attrEnd, depth);
                    reader.MoveTo(attrEnd);
                    continue;
                }

                var value = reader.ReadString(end, MaxStringBytes);
                switch (field)
                {
                    // Only the main graph's names are checked: a subgraph may read names of the scope around it.
                    case 1 when depth == 0:
                        inputs.Add(value);
                        break;
                    case 2 when depth == 0:
                        _defined.Add(value);
                        break;
                    case 1 or 2:
                        break;
                    case 3:
                        name = value;
                        break;
                    case 4:
                        opType = value;
                        break;
                    default:
                        domain = value;
                        break;
                }
            }

            complete = true;
        }
        finally
        {
            // Recorded even when the node is cut short: an operator read before the error is still reported.
            var path = $"{prefix}{(name.Length > 0 ? name : opType)}";

            // An empty input name is an optional input left out.
            foreach (var input in inputs.Where(i => i.Length > 0 && _reads.Count < MaxCheckedInputs))
            {
                _reads.Add((path, input));
            }

            if (opType.Length > 0)
            {
                Ops.Add((path, opType));
            }
            else if (complete)
            {
                Problems.Add($"node '{path}' names no operator");
            }

            Domains.Add((path, domain));
            Merge(inner, path + "/");
        }
    }

    // AttributeProto: name = 1, t = 5, g = 6, tensors = 10, graphs = 11.
    private void ReadAttribute(ProtoReader reader, long end, int depth)
    {
        var name = "?";
        var graphs = new List<(long Start, long End)>();
        var tensors = new List<(long Start, long End)>();
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (wire != WireType.LengthDelimited || field is not (1 or 5 or 6 or 10 or 11))
            {
                reader.Skip(wire, end);
                continue;
            }

            if (field == 1)
            {
                name = reader.ReadString(end, MaxStringBytes);
                continue;
            }

            var fieldEnd = reader.ReadLengthDelimitedEnd(end);
            (field is 6 or 11 ? graphs : tensors).Add((reader.Position, fieldEnd));
            reader.MoveTo(fieldEnd);
        }

        // The attribute name labels the subgraph; it may follow the graph in a crafted file, so the ranges are revisited.
        for (var i = 0; i < graphs.Count; i++)
        {
            reader.MoveTo(graphs[i].Start);
            ReadGraph(reader, graphs[i].End, graphs.Count == 1 ? name : $"{name}[{i}]", depth + 1);
        }

        foreach (var (start, tensorEnd) in tensors)
        {
            reader.MoveTo(start);
            _ = ReadTensor(reader, tensorEnd, name);
        }

        reader.MoveTo(end);
    }

    // SparseTensorProto: values = 1 (its name is the initializer's), indices = 2.
    private void ReadSparseTensor(ProtoReader reader, long end, string path, HashSet<string>? defined)
    {
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (wire == WireType.LengthDelimited && field is 1 or 2)
            {
                var fieldEnd = reader.ReadLengthDelimitedEnd(end);
                var tensor = ReadTensor(reader, fieldEnd, path);
                if (field == 1)
                {
                    defined?.Add(tensor);
                }

                reader.MoveTo(fieldEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    // TensorProto: dims = 1, name = 8, external_data = 13 (key = 1, value = 2), data_location = 14 (1 = EXTERNAL); the values are
    // float/int32/string/int64 = 4-7, raw = 9, double/uint64 = 10-11, skipped, never read.
    private string ReadTensor(ProtoReader reader, long end, string path)
    {
        var name = "";
        var external = false;
        string? location = null;
        var hasValues = false;
        var empty = false;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field is 4 or 5 or 6 or 7 or 9 or 10 or 11)
            {
                hasValues = true;
                reader.Skip(wire, end);
            }
            else if (field == 1 && wire == WireType.Varint)
            {
                empty |= reader.ReadVarint(end) == 0;
            }
            else if (field == 1 && wire == WireType.LengthDelimited)
            {
                var dimsEnd = reader.ReadLengthDelimitedEnd(end);
                while (reader.Position < dimsEnd)
                {
                    empty |= reader.ReadVarint(dimsEnd) == 0;
                }
            }
            else if (field == 8 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString(end, MaxStringBytes);
            }
            else if (field == 14 && wire == WireType.Varint)
            {
                external = reader.ReadVarint(end) == 1;
            }
            else if (field == 13 && wire == WireType.LengthDelimited)
            {
                var entryEnd = reader.ReadLengthDelimitedEnd(end);
                var (key, value) = ReadStringPair(reader, entryEnd);
                if (key == "location")
                {
                    location = value;
                }

                reader.MoveTo(entryEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        if (external || location is not null)
        {
            ExternalTensors.Add(($"{path}/{name}", location));
        }
        else if (!hasValues && !empty)
        {
            // onnx.checker wants one value field in a tensor that is not external; a damaged data_location or location key reads so.
            Problems.Add($"tensor '{path}/{name}' holds no values and names no external data");
        }

        return name;
    }

    // ValueInfoProto: name = 1; the type is skipped.
    private static string ReadName(ProtoReader reader, long end)
    {
        var name = "";
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString(end, MaxStringBytes);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return name;
    }

    private static (string Key, string Value) ReadStringPair(ProtoReader reader, long end)
    {
        var key = "";
        var value = "";
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                key = reader.ReadString(end, MaxStringBytes);
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                value = reader.ReadString(end, MaxStringBytes);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return (key, value);
    }

    private void Merge(OnnxModelReader inner, string prefix)
    {
        Domains.AddRange(inner.Domains.Select(d => (prefix + d.LogicalPath, d.Domain)));
        Ops.AddRange(inner.Ops.Select(o => (prefix + o.LogicalPath, o.OpType)));
        ExternalTensors.AddRange(inner.ExternalTensors.Select(t => (prefix + t.LogicalPath, t.Location)));
        Problems.AddRange(inner.Problems);
    }
}
