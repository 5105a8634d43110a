using System.Buffers.Binary;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.FlatBuffers;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>
/// CatBoost models (<c>.cbm</c>: <c>CBM1</c>, the core size, a <c>TModelCore</c> flatbuffer, then the model parts it lists): the format
/// version, every tree's size against the splits and leaf values (oblivious and non-symmetric trees), the info map (training
/// parameters, names) and the part ids, by random access through the shared flatbuffer reader. Leaf values and CTR tables are never read.
/// </summary>
internal sealed class CatBoostAnalyzer : IModelFileAnalyzer
{
    private const uint SizeSentinel = 0xFFFFFFFF;
    private const int MaxInfoEntries = 100_000;
    private const int MaxStringBytes = 16 << 20;
    private const int MaxDepth = 16;

    // model.fbs: TModelCore {FormatVersion 0, ModelTrees 1, InfoMap 2, ModelPartIds 3}; TKeyValue {Key 0, Value 1};
    // TModelTrees {ApproxDimension 0, TreeSplits 1, TreeSizes 2, ..., LeafValues 8, LeafWeights 9, NonSymmetricStepNodes 10}.
    private const int FormatVersionField = 0, TreesField = 1, InfoMapField = 2, PartIdsField = 3;
    private const int ApproxDimensionField = 0, TreeSplitsField = 1, TreeSizesField = 2, LeafValuesField = 8, StepNodesField = 10;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
        [TreeModelUnknownObjective.Descriptor, TreeModelResourceExhaustion.Descriptor, ModelMetadataCode.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind is ModelContentKind.Unknown or ModelContentKind.Text
            && (probe.FileName.EndsWith(".cbm", StringComparison.Ordinal) || probe.Head.Span.StartsWith("CBM1"u8));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(settings);
        var path = probe.File.RelativePath;
        if (!probe.Head.Span.StartsWith("CBM1"u8))
        {
            return Task.FromResult<IReadOnlyList<Finding>>([IncompleteScan.Create(path, null, "the file is named .cbm but does not start with CatBoost's CBM1 magic") with { Severity = Severity.Medium }]);
        }

        var report = new DataModelReport(path, "CatBoost model");
        try
        {
            using var handle = File.OpenHandle(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            Inspect(handle, RandomAccess.GetLength(handle), report, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            // Medium: CatBoost verifies the flatbuffer and refuses what does not parse, and even what parses holds no code.
            report.Findings.Add(IncompleteScan.Create(path, null, $"the CatBoost model is malformed ({ex.Message}); CatBoost's loader refuses it, and the format carries no code") with { Severity = Severity.Medium });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Findings.Add(IncompleteScan.Create(path, null, $"the CatBoost model could not be read ({ex.Message})"));
        }

        return Task.FromResult<IReadOnlyList<Finding>>([.. report.Findings.Take(settings.Budget.MaxFindingsPerFile)]);
    }

    private static void Inspect(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, DataModelReport report, CancellationToken cancellationToken)
    {
        var header = new byte[16];
        var read = RandomAccess.Read(handle, header, 0);
        if (read < 8)
        {
            throw new InvalidDataException("the file ends inside the header");
        }

        long origin = 8;
        long core = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (core == SizeSentinel)
        {
            origin = 16;
            core = read < 16 ? throw new InvalidDataException("the file ends inside the 64-bit core size") : (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8)), long.MaxValue);
        }

        if (core < 8 || core > length - origin)
        {
            throw new InvalidDataException($"the core declares {core:N0} bytes, but {length - origin:N0} follow the header");
        }

        var buffer = new FlatbufferFile(handle, origin + core, origin);
        var model = buffer.Root();
        var version = buffer.String(model, FormatVersionField, 256);
        if (version is null || !version.Contains("Model_v", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the core's format version is `{version}`, not a CatBoost model core");
        }

        var trees = buffer.Table(model, TreesField) ?? throw new InvalidDataException("the core has no trees table");
        Trees(buffer, trees, report, cancellationToken);
        Info(buffer, model, report, cancellationToken);
        var ids = buffer.Vector(model, PartIdsField);
        var parts = ids?.Count ?? 0;
        for (var i = 0; i < parts; i++)
        {
            report.Strings($"ModelPartIds[{i}]", buffer.StringAt(ids!.Value.Start + (4L * i), 1024));
        }

        var trailing = length - origin - core;
        if (parts == 0 && trailing > 0)
        {
            throw new InvalidDataException($"{trailing:N0} bytes follow a core that lists no model parts");
        }

        if (parts > 0 && trailing == 0)
        {
            throw new InvalidDataException($"the core lists {parts} model parts but nothing follows it");
        }

        if (parts > 0)
        {
            // CTR tables (counters and hashes for categorical features) are not parsed: said as a note, never passed in silence.
            report.Add(IncompleteScan.Create(report.Path, null, $"the {parts} model part(s) after the core ({trailing:N0} bytes of CTR tables) are not read; they hold counters and hashes, not code") with { Severity = Severity.Info });
        }
    }

    private static void Trees(FlatbufferFile buffer, long trees, DataModelReport report, CancellationToken cancellationToken)
    {
        var dimension = buffer.Int32(trees, ApproxDimensionField) ?? 1;
        var splits = buffer.Vector(trees, TreeSplitsField)?.Count ?? 0;
        if (buffer.Vector(trees, TreeSizesField) is not { } sizes)
        {
            throw new InvalidDataException("the trees table has no TreeSizes");
        }

        if (dimension < 1 || report.Count("ModelTrees.TreeSizes", "trees", sizes.Count, DataModelReport.MaxTrees))
        {
            if (dimension < 1)
            {
                throw new InvalidDataException($"ApproxDimension is {dimension}");
            }

            return;
        }

        var steps = buffer.Vector(trees, StepNodesField);
        long totalSize = 0, leaves = 0;
        for (var t = 0; t < sizes.Count; t++)
        {
            if ((t & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var size = buffer.Int32At(sizes.Start + (4L * t));
            if (size < 0 || (steps is null && size > MaxDepth))
            {
                throw new InvalidDataException($"tree {t} has size {size}; CatBoost's oblivious trees are at most {MaxDepth} deep");
            }

            totalSize += size;
            leaves += steps is null ? 1L << size : 0;
        }

        if (totalSize != splits)
        {
            throw new InvalidDataException($"the trees' sizes add up to {totalSize:N0} but {splits:N0} splits are stored");
        }

        var values = buffer.Vector(trees, LeafValuesField, itemBytes: 8)?.Count ?? 0;
        if (steps is null && values != leaves * dimension)
        {
            throw new InvalidDataException($"the oblivious trees have {leaves * dimension:N0} leaf values but {values:N0} are stored");
        }

        if (steps is { } nodes)
        {
            // Non-symmetric trees: each step node jumps forward by its diffs (0 ends the path); a jump past the tree is malformed.
            if (nodes.Count != splits)
            {
                throw new InvalidDataException($"{nodes.Count:N0} step nodes for {splits:N0} splits");
            }

            var checkedNodes = buffer.Vector(trees, StepNodesField, itemBytes: 4)!.Value;
            long start = 0;
            for (var t = 0; t < sizes.Count; t++)
            {
                var size = buffer.Int32At(sizes.Start + (4L * t));
                for (var i = 0; i < size; i++)
                {
                    var step = (uint)buffer.Int32At(checkedNodes.Start + (4L * (start + i)));
                    var (left, right) = (step & 0xFFFF, step >> 16);
                    if ((left != 0 && i + left >= size) || (right != 0 && i + right >= size))
                    {
                        throw new InvalidDataException($"node {i} of tree {t} jumps past its tree");
                    }
                }

                start += size;
            }
        }

        report.Count("ModelTrees.TreeSplits", "tree nodes", splits, DataModelReport.MaxNodes);
    }

    private static void Info(FlatbufferFile buffer, long model, DataModelReport report, CancellationToken cancellationToken)
    {
        if (buffer.Vector(model, InfoMapField) is not { } info)
        {
            return;
        }

        if (info.Count > MaxInfoEntries)
        {
            throw new InvalidDataException($"the info map has {info.Count:N0} entries, more than {MaxInfoEntries:N0}");
        }

        for (var i = 0; i < info.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = buffer.TableAt(info.Start + (4L * i));
            var key = buffer.String(entry, 0, 1024) ?? throw new InvalidDataException($"info entry {i} has no key");
            var value = buffer.String(entry, 1, MaxStringBytes) ?? "";
            report.Strings($"InfoMap.{key}", value);
            if (key is "params" or "training" && UserDefined(value) is { } name)
            {
                report.Objective($"InfoMap.{key}", name, "the model was trained with a user-defined Python loss or metric; loading never calls it, but continuing training or evaluating needs that class.", Severity.Low);
            }
        }
    }

    private static string? UserDefined(string json)
    {
        foreach (var marker in (string[])["PythonUserDefinedPerObject", "PythonUserDefinedMultiTarget", "PythonUserDefinedQuerywise", "UserPerObjMetric", "UserQuerywiseMetric"])
        {
            if (json.Contains(marker, StringComparison.Ordinal))
            {
                return marker;
            }
        }

        return null;
    }
}
