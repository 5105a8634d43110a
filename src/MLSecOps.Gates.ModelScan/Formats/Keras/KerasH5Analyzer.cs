using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;
using PureHDF;

namespace MLSecOps.Gates.ModelScan.Formats.Keras;

/// <summary>Keras HDF5 models (<c>.h5</c>): reads the root <c>model_config</c> and <c>training_config</c> attributes with a managed HDF5 reader, never the weights.</summary>
internal sealed class KerasH5Analyzer : IModelFileAnalyzer
{
    /// <summary>The largest config attribute read; Keras configs are kilobytes to a few megabytes.</summary>
    public const int MaxConfigBytes = 64 * 1024 * 1024;

    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] ConfigAttributes = ["model_config", "training_config"];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
        [KerasLambdaLayer.Descriptor, KerasDangerousModuleImport.Descriptor, KerasCustomObject.Descriptor, KerasDeserializationGadget.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe) => probe.Head.Span.StartsWith(Signature);

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        try
        {
            using var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            using var file = H5File.Open(stream, leaveOpen: false);
            foreach (var name in ConfigAttributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!file.AttributeExists(name))
                {
                    continue;
                }

                var attribute = file.Attribute(name);
                if (attribute.Type.Size > MaxConfigBytes)
                {
                    findings.Add(IncompleteScan.Create(path, name, $"the '{name}' attribute is larger than {MaxConfigBytes} bytes"));
                    continue;
                }

                var json = attribute.Read<string>();
                if (json.Length > MaxConfigBytes)
                {
                    findings.Add(IncompleteScan.Create(path, name, $"the '{name}' attribute is larger than {MaxConfigBytes} characters"));
                    continue;
                }

                findings.AddRange(KerasConfigInspector.Inspect(path, name, json));
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A hostile HDF5 file can make the reader throw anything; it must become MOD001, never a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            findings.Add(IncompleteScan.Create(path, null, $"the HDF5 file could not be read ({ex.GetType().Name}: {ex.Message})"));
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}
