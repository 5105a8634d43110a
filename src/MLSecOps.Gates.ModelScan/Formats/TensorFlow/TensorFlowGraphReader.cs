using MLSecOps.Gates.ModelScan.Formats.Protobuf;

namespace MLSecOps.Gates.ModelScan.Formats.TensorFlow;

/// <summary>Walks the nodes of a SavedModel or GraphDef without TensorFlow: graph nodes, function bodies, and graphs serialized inside attributes and string tensors.</summary>
internal sealed class TensorFlowGraphReader
{
    /// <summary>How deep graphs nested in attributes are followed.</summary>
    public const int MaxNestingDepth = 8;

    /// <summary>The largest serialized string examined as a nested graph.</summary>
    public const int MaxNestedGraphBytes = 64 * 1024 * 1024;

    /// <summary>The most nodes read from one file.</summary>
    public const int MaxNodes = 2_000_000;

    private const int MaxNameBytes = 4096;

    private const int MaxAttrNesting = 32;

    private readonly List<GraphOp> _ops = [];
    private readonly List<string> _incomplete = [];

    /// <summary>Gets the ops found.</summary>
    public IReadOnlyList<GraphOp> Ops => _ops;

    /// <summary>Gets the reasons parts of the file were not examined.</summary>
    public IReadOnlyList<string> Incomplete => _incomplete;

    /// <summary>Reads a <c>SavedModel</c> message.</summary>
    public void ReadSavedModel(Stream stream)
    {
        var reader = new ProtoReader(stream);
        var end = reader.Length;
        var metaIndex = 0;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 2 && wire == WireType.LengthDelimited)
            {
                var metaEnd = reader.ReadLengthDelimitedEnd(end);
                ReadMetaGraph(reader, metaEnd, metaIndex++ == 0 ? "" : $"meta_graphs[{metaIndex - 1}]/");
                reader.MoveTo(metaEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    /// <summary>Reads a standalone <c>MetaGraphDef</c> message (a TF1 checkpoint's <c>.meta</c> file).</summary>
    public void ReadMetaGraphDef(Stream stream)
    {
        var reader = new ProtoReader(stream);
        ReadMetaGraph(reader, reader.Length, "");
    }

    /// <summary>Reads a bare <c>GraphDef</c> message, as in a frozen graph.</summary>
    public void ReadGraphDef(Stream stream)
    {
        var reader = new ProtoReader(stream);
        ReadGraph(reader, reader.Length, "", 0);
    }

    private void ReadMetaGraph(ProtoReader reader, long end, string prefix)
    {
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 2 && wire == WireType.LengthDelimited)
            {
                var graphEnd = reader.ReadLengthDelimitedEnd(end);
                ReadGraph(reader, graphEnd, prefix, 0);
                reader.MoveTo(graphEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private void ReadGraph(ProtoReader reader, long end, string prefix, int depth)
    {
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (wire != WireType.LengthDelimited || field is not (1 or 2))
            {
                reader.Skip(wire, end);
                continue;
            }

            var fieldEnd = reader.ReadLengthDelimitedEnd(end);
            if (field == 1)
            {
                ReadNode(reader, fieldEnd, prefix, depth);
            }
            else
            {
                ReadLibrary(reader, fieldEnd, prefix, depth);
            }

            reader.MoveTo(fieldEnd);
        }
    }

    private void ReadLibrary(ProtoReader reader, long end, string prefix, int depth)
    {
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                var functionEnd = reader.ReadLengthDelimitedEnd(end);
                ReadFunction(reader, functionEnd, prefix, depth);
                reader.MoveTo(functionEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private void ReadFunction(ProtoReader reader, long end, string prefix, int depth)
    {
        // The signature normally precedes the body, but a crafted file may reorder fields: collect first, name after.
        var name = "?";
        var body = new TensorFlowGraphReader();
        try
        {
            while (reader.TryReadKey(end, out var field, out var wire))
            {
                if (field == 1 && wire == WireType.LengthDelimited)
                {
                    var signatureEnd = reader.ReadLengthDelimitedEnd(end);
                    while (reader.TryReadKey(signatureEnd, out var sf, out var sw))
                    {
                        if (sf == 1 && sw == WireType.LengthDelimited)
                        {
                            name = reader.ReadString(signatureEnd, MaxNameBytes);
                        }
                        else
                        {
                            reader.Skip(sw, signatureEnd);
                        }
                    }
                }
                else if (field == 3 && wire == WireType.LengthDelimited)
                {
                    var nodeEnd = reader.ReadLengthDelimitedEnd(end);
                    body.ReadNode(reader, nodeEnd, "", depth);
                    reader.MoveTo(nodeEnd);
                }
                else
                {
                    reader.Skip(wire, end);
                }
            }
        }
        finally
        {
            // Kept when the function is cut short: its ops read so far are still reported.
            foreach (var op in body._ops)
            {
                Add(new GraphOp($"{prefix}{name}/{op.LogicalPath}", op.Op));
            }

            _incomplete.AddRange(body._incomplete);
        }
    }

    private void ReadNode(ProtoReader reader, long end, string prefix, int depth)
    {
        var name = "?";
        var op = "";
        var nested = new List<(string Attr, byte[] Bytes)>();
        try
        {
            while (reader.TryReadKey(end, out var field, out var wire))
            {
                switch (field)
                {
                    case 1 when wire == WireType.LengthDelimited:
                        name = reader.ReadString(end, MaxNameBytes);
                        break;
                    case 2 when wire == WireType.LengthDelimited:
                        op = reader.ReadString(end, MaxNameBytes);
                        break;
                    case 5 when wire == WireType.LengthDelimited:
                        var entryEnd = reader.ReadLengthDelimitedEnd(end);
                        ReadAttrEntry(reader, entryEnd, nested, 0);
                        reader.MoveTo(entryEnd);
                        break;
                    default:
                        reader.Skip(wire, end);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or OperationCanceledException && op.Length > 0)
        {
            // The node is cut short after its op: the op is still reported before the error goes up.
            Add(new GraphOp($"{prefix}{name}", op));
            throw;
        }

        var path = $"{prefix}{name}";
        Add(new GraphOp(path, op));
        foreach (var (attr, bytes) in nested)
        {
            ReadNested(bytes, $"{path}/{attr}/", depth + 1);
        }
    }

    private void ReadAttrEntry(ProtoReader reader, long end, List<(string Attr, byte[] Bytes)> nested, int level)
    {
        var key = "?";
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                key = reader.ReadString(end, MaxNameBytes);
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                var valueEnd = reader.ReadLengthDelimitedEnd(end);
                ReadAttrValue(reader, valueEnd, key, nested, level);
                reader.MoveTo(valueEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    // AttrValue: list = 1 (ListValue: s = 2, tensor = 8, func = 9), s = 2, tensor = 8, func = 10 (NameAttrList: attr = 2).
    private void ReadAttrValue(ProtoReader reader, long end, string key, List<(string Attr, byte[] Bytes)> nested, int level)
    {
        if (level > MaxAttrNesting)
        {
            throw new InvalidDataException($"attribute values nested deeper than {MaxAttrNesting} levels");
        }

        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire, end);
                continue;
            }

            if (field == 2)
            {
                CollectCandidate(reader, end, key, nested);
                continue;
            }

            var fieldEnd = reader.ReadLengthDelimitedEnd(end);
            switch (field)
            {
                case 1:
                    ReadAttrValue(reader, fieldEnd, key, nested, level + 1);
                    break;
                case 8:
                    ReadTensorStrings(reader, fieldEnd, key, nested);
                    break;
                case 9 or 10:
                    ReadNameAttrList(reader, fieldEnd, nested, level + 1);
                    break;
                default:
                    break;
            }

            reader.MoveTo(fieldEnd);
        }
    }

    private void ReadNameAttrList(ProtoReader reader, long end, List<(string Attr, byte[] Bytes)> nested, int level)
    {
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 2 && wire == WireType.LengthDelimited)
            {
                var entryEnd = reader.ReadLengthDelimitedEnd(end);
                ReadAttrEntry(reader, entryEnd, nested, level + 1);
                reader.MoveTo(entryEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    // TensorProto: string_val = 8. A serialized GraphDef fed to DatasetFromGraph lives here.
    private void ReadTensorStrings(ProtoReader reader, long end, string key, List<(string Attr, byte[] Bytes)> nested)
    {
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 8 && wire == WireType.LengthDelimited)
            {
                CollectCandidate(reader, end, key, nested);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    private void CollectCandidate(ProtoReader reader, long end, string key, List<(string Attr, byte[] Bytes)> nested)
    {
        var start = reader.Position;
        var fieldEnd = reader.ReadLengthDelimitedEnd(end);
        var length = fieldEnd - reader.Position;
        if (length < 4)
        {
            reader.MoveTo(fieldEnd);
            return;
        }

        // A GraphDef starts with a node (field 1) or a library (field 2); other strings are data.
        var first = reader.ReadVarint(fieldEnd);
        reader.MoveTo(start);
        if (first is not (0x0A or 0x12))
        {
            reader.MoveTo(fieldEnd);
            return;
        }

        if (length > MaxNestedGraphBytes)
        {
            _incomplete.Add($"a {length}-byte string in attribute '{key}' may hold a nested graph and exceeds {MaxNestedGraphBytes} bytes");
            reader.MoveTo(fieldEnd);
            return;
        }

        nested.Add((key, reader.ReadBytes(end, MaxNestedGraphBytes)));
    }

    private void ReadNested(byte[] bytes, string prefix, int depth)
    {
        if (depth > MaxNestingDepth)
        {
            _incomplete.Add($"graphs nested deeper than {MaxNestingDepth} levels at {prefix}");
            return;
        }

        var inner = new TensorFlowGraphReader();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            inner.ReadGraph(new ProtoReader(stream), bytes.Length, prefix, depth);
        }
        catch (InvalidDataException)
        {
            // Not a graph after all: an ordinary string that happened to start like one.
            return;
        }

        if (inner._ops.Any(o => o.Op.Length > 0))
        {
            foreach (var op in inner._ops)
            {
                Add(op);
            }

            _incomplete.AddRange(inner._incomplete);
        }
    }

    private void Add(GraphOp op)
    {
        if (_ops.Count >= MaxNodes)
        {
            throw new InvalidDataException($"more than {MaxNodes} nodes");
        }

        _ops.Add(op);
    }
}
