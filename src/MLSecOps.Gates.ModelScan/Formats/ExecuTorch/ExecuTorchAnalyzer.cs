using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.FlatBuffers;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.ExecuTorch;

/// <summary>
/// ExecuTorch programs (<c>.pte</c>, a flatbuffer with identifier <c>ET</c> + two digits): every execution plan's operators and delegates,
/// by random access with every offset checked; operators outside ExecuTorch's own namespaces and delegates to unknown backends are reported.
/// Constant data and delegate blobs are never read.
/// </summary>
internal sealed class ExecuTorchAnalyzer : IModelFileAnalyzer
{
    private const int MaxPlans = 1_000;
    private const int MaxEntries = 100_000;
    private const int MaxNameBytes = 1024;
    private const int MaxReported = 50;

    // program.fbs: Program.execution_plan = 1; ExecutionPlan.name = 0, operators = 6, delegates = 7; Operator.name = 0; BackendDelegate.id = 0.
    private const int ExecutionPlanField = 1, PlanNameField = 0, OperatorsField = 6, DelegatesField = 7;

    // Kernels that ExecuTorch's own libraries register (portable/optimized ATen ops, primitive ops, quantization and dim-order ops).
    private static readonly HashSet<string> KnownNamespaces = new(StringComparer.Ordinal) { "aten", "executorch_prim", "quantized_decomposed", "dim_order_ops" };

    // Backends shipped with ExecuTorch; each parses its delegate blob with its own native code, which is the normal route of a delegated model.
    private static readonly HashSet<string> KnownBackends = new(StringComparer.Ordinal)
    {
        "XnnpackBackend", "CoreMLBackend", "MPSBackend", "QnnBackend", "VulkanBackend", "ArmBackend", "EthosUBackend", "VgfBackend",
        "NeuronBackend", "CadenceBackend", "OpenvinoBackend", "SamsungBackend", "NxpBackend",
    };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [ExecuTorchCustomKernel.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".pte", StringComparison.Ordinal) || HasIdentifier(probe.Head.Span);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        if (!HasIdentifier(probe.Head.Span))
        {
            return Task.FromResult<IReadOnlyList<Finding>>([IncompleteScan.Create(path, null, "the file is named .pte but has no ExecuTorch identifier (ET and two digits at offset 4)") with { Severity = Severity.Medium }]);
        }

        var findings = new List<Finding>();
        try
        {
            using var handle = File.OpenHandle(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            Inspect(path, new FlatbufferFile(handle, RandomAccess.GetLength(handle)), findings, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the ExecuTorch flatbuffer is malformed ({ex.Message})"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the ExecuTorch file could not be read ({ex.Message})"));
        }

        return Task.FromResult<IReadOnlyList<Finding>>([.. findings.Take(Math.Min(MaxReported, settings.Budget.MaxFindingsPerFile))]);
    }

    private static bool HasIdentifier(ReadOnlySpan<byte> head) =>
        head.Length >= 8 && head[4] == (byte)'E' && head[5] == (byte)'T' && char.IsAsciiDigit((char)head[6]) && char.IsAsciiDigit((char)head[7]);

    private static void Inspect(string path, FlatbufferFile buffer, List<Finding> findings, CancellationToken cancellationToken)
    {
        var program = buffer.Root();
        if (buffer.Vector(program, ExecutionPlanField) is not { } plans || plans.Count == 0)
        {
            throw new InvalidDataException("the program has no execution plan");
        }

        if (plans.Count > MaxPlans)
        {
            throw new InvalidDataException($"{plans.Count} execution plans declared, more than {MaxPlans}");
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < plans.Count; p++)
        {
            var plan = buffer.TableAt(plans.Start + (4L * p));
            var method = buffer.String(plan, PlanNameField, MaxNameBytes) ?? $"execution_plan[{p}]";
            foreach (var (i, name) in Names(buffer, plan, OperatorsField, cancellationToken))
            {
                var space = name.Contains("::", StringComparison.Ordinal) ? name[..name.IndexOf("::", StringComparison.Ordinal)] : "";
                if (!KnownNamespaces.Contains(space) && reported.Add("op|" + name))
                {
                    findings.Add(ExecuTorchCustomKernel.Create(path, $"{method}.operators[{i}]", $"Method `{method}` calls the custom operator `{name}`; its kernel is native code the application must register.", name));
                }
            }

            foreach (var (i, id) in Names(buffer, plan, DelegatesField, cancellationToken))
            {
                if (!KnownBackends.Contains(id) && reported.Add("delegate|" + id))
                {
                    findings.Add(ExecuTorchCustomKernel.Create(path, $"{method}.delegates[{i}]", $"Method `{method}` delegates to the backend `{id}`, which is not one ExecuTorch ships; its native code parses the model's delegate blob.", id));
                }
            }
        }
    }

    // The first field (name or id) of each table in a vector of tables.
    private static IEnumerable<(int Index, string Name)> Names(FlatbufferFile buffer, long table, int field, CancellationToken cancellationToken)
    {
        if (buffer.Vector(table, field) is not { } vector)
        {
            yield break;
        }

        if (vector.Count > MaxEntries)
        {
            throw new InvalidDataException($"{vector.Count} entries declared, more than {MaxEntries}");
        }

        for (var i = 0; i < vector.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = buffer.TableAt(vector.Start + (4L * i));
            yield return (i, buffer.String(entry, 0, MaxNameBytes) ?? "");
        }
    }
}
