using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.Protobuf;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Paddle;

/// <summary>
/// PaddlePaddle inference programs (<c>.pdmodel</c>, a <c>ProgramDesc</c> protobuf): every op of every block, with the bounded
/// wire-format reader; ops that call Python or touch host files are reported. Weights (<c>.pdiparams</c>) are raw tensors; the
/// <c>.pdparams</c>/<c>.pdopt</c> files of <c>paddle.save</c> are pickles and are scanned by the pickle reader.
/// </summary>
internal sealed class PaddleProgramAnalyzer : IModelFileAnalyzer
{
    private const int MaxOps = 2_000_000;
    private const int MaxNameBytes = 4096;

    // Ops that run a Python callable of the process, or read and write files named by an attribute.
    private static readonly Dictionary<string, string> RiskyOps = new(StringComparer.Ordinal)
    {
        ["py_func"] = "calls a Python function registered in the process",
        ["save"] = "writes a file",
        ["save_combine"] = "writes a file",
        ["load"] = "reads a file",
        ["load_combine"] = "reads a file",
        ["checkpoint_notify"] = "writes checkpoints",
    };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [PaddleRiskyOperator.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".pdmodel", StringComparison.Ordinal) && probe.Content.Kind is ModelContentKind.Unknown or ModelContentKind.Text;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        if (probe.Head.Length < 2 || probe.Head.Span[0] != 0x0A)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([IncompleteScan.Create(path, null, "the file is named .pdmodel but does not start like a Paddle ProgramDesc (blocks, field 1)") with { Severity = Severity.Medium }]);
        }

        var findings = new List<Finding>();
        try
        {
            using var file = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var stream = new BufferedStream(new CancellableStream(file, cancellationToken), 64 * 1024);
            ReadProgram(path, new ProtoReader(stream), findings);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or EndOfStreamException or UnauthorizedAccessException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the Paddle program could not be read ({ex.Message})"));
        }

        return Task.FromResult<IReadOnlyList<Finding>>([.. findings.Take(settings.Budget.MaxFindingsPerFile)]);
    }

    // ProgramDesc: blocks = 1 (BlockDesc: ops = 4 (OpDesc: type = 3, attrs = 4 (Attr: name = 1, s = 5, strings = 8))).
    private static void ReadProgram(string path, ProtoReader reader, List<Finding> findings)
    {
        var end = reader.Length;
        var block = 0;
        var ops = 0;
        var reported = new HashSet<string>(StringComparer.Ordinal);
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field != 1 || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire, end);
                continue;
            }

            var blockEnd = reader.ReadLengthDelimitedEnd(end);
            var op = 0;
            while (reader.TryReadKey(blockEnd, out var bf, out var bw))
            {
                if (bf != 4 || bw != WireType.LengthDelimited)
                {
                    reader.Skip(bw, blockEnd);
                    continue;
                }

                if (++ops > MaxOps)
                {
                    throw new InvalidDataException($"more than {MaxOps} ops");
                }

                var opEnd = reader.ReadLengthDelimitedEnd(blockEnd);
                var (type, detail) = ReadOp(reader, opEnd);
                reader.MoveTo(opEnd);
                var where = $"blocks[{block}].ops[{op++}]";
                if (type is null)
                {
                    throw new InvalidDataException($"{where} has no type");
                }

                if (RiskyOps.TryGetValue(type, out var does) && reported.Add(type + "|" + detail))
                {
                    var target = detail is null ? "" : $" (`{detail}`)";
                    findings.Add(PaddleRiskyOperator.Create(path, where, $"Op `{type}` at {where} {does}{target} when the program runs.", type));
                }
            }

            reader.MoveTo(blockEnd);
            block++;
        }

        if (block == 0)
        {
            throw new InvalidDataException("the program has no blocks");
        }
    }

    private static (string? Type, string? Detail) ReadOp(ProtoReader reader, long end)
    {
        string? type = null;
        string? detail = null;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 3 && wire == WireType.LengthDelimited)
            {
                type = reader.ReadString(end, MaxNameBytes);
            }
            else if (field == 4 && wire == WireType.LengthDelimited)
            {
                var attrEnd = reader.ReadLengthDelimitedEnd(end);
                detail ??= ReadFilePath(reader, attrEnd);
                reader.MoveTo(attrEnd);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return (type, detail);
    }

    // The file_path attribute of save/load ops names the file they touch.
    private static string? ReadFilePath(ProtoReader reader, long end)
    {
        string? name = null;
        string? value = null;
        while (reader.TryReadKey(end, out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString(end, MaxNameBytes);
            }
            else if (field == 5 && wire == WireType.LengthDelimited)
            {
                value = reader.ReadString(end, MaxNameBytes);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return name == "file_path" ? value : null;
    }
}
