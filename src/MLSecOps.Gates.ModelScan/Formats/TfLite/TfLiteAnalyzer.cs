using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.FlatBuffers;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.TfLite;

/// <summary>
/// TensorFlow Lite flatbuffers (<c>TFL3</c>): reads only the root table's <c>operator_codes</c> by random access, every offset checked
/// against the file, and reports custom and Flex operators. Tensor buffers are never read.
/// </summary>
internal sealed class TfLiteAnalyzer : IModelFileAnalyzer
{
    private const int Custom = 32;
    private const int PlaceholderForGreaterOpCodes = 127;
    private const int MaxOperatorCodes = 10_000;
    private const int MaxCustomCodeBytes = 1024;

    // Custom operators that the TFLite runtime registers itself (not code of the model's author).
    private static readonly HashSet<string> RuntimeCustomOps = new(StringComparer.Ordinal) { "TFLite_Detection_PostProcess" };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [TfLiteCustomOperator.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind == ModelContentKind.TfLite;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        IReadOnlyList<Finding> findings;
        try
        {
            using var handle = File.OpenHandle(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            findings = Inspect(path, new FlatbufferFile(handle, RandomAccess.GetLength(handle)), cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            findings = [IncompleteScan.Create(path, null, $"the TFLite flatbuffer is malformed ({ex.Message})")];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings = [IncompleteScan.Create(path, null, $"the TFLite file could not be read ({ex.Message})")];
        }

        return Task.FromResult<IReadOnlyList<Finding>>([.. findings.Take(settings.Budget.MaxFindingsPerFile)]);
    }

    private static List<Finding> Inspect(string path, FlatbufferFile buffer, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var model = buffer.Root();
        var codes = buffer.Vector(model, 1);
        if (codes is not { } vector)
        {
            return findings;
        }

        if (vector.Count > MaxOperatorCodes)
        {
            throw new InvalidDataException($"{vector.Count} operator codes declared, more than {MaxOperatorCodes}");
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < vector.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var code = buffer.TableAt(vector.Start + (4L * i));
            var deprecated = buffer.Byte(code, 0) ?? 0;
            var builtin = buffer.Int32(code, 3) ?? 0;
            var op = deprecated < PlaceholderForGreaterOpCodes ? Math.Max(deprecated, builtin) : builtin;
            var custom = buffer.String(code, 1, MaxCustomCodeBytes);
            var flex = custom?.StartsWith("Flex", StringComparison.Ordinal) == true;
            if ((op == Custom || flex) && !(custom is not null && RuntimeCustomOps.Contains(custom)) && reported.Add(custom ?? ""))
            {
                var what = flex ? $"the Flex (select TensorFlow) op `{custom}`" : $"the custom operator `{custom ?? "(unnamed)"}`";
                findings.Add(TfLiteCustomOperator.Create(path, $"operator_codes[{i}]", $"The model uses {what}; its kernel is native code the application must register.", custom));
            }
        }

        return findings;
    }
}
