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

    /// <summary>How long the HDF5 reader may take before the file is reported as not analysed.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] ConfigAttributes = ["model_config", "training_config"];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
        [KerasLambdaLayer.Descriptor, KerasDangerousModuleImport.Descriptor, KerasCustomObject.Descriptor, KerasDeserializationGadget.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe) => probe.Head.Span.StartsWith(Signature);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        try
        {
            // PureHDF recurses once per nesting level of a datatype and a stack overflow cannot be caught: check first.
            if (Hdf5AttributeTypeCheck.Problem(probe.File.FullPath) is { } unsafeToDecode)
            {
                return [IncompleteScan.Create(path, null, $"the HDF5 file was not decoded: {unsafeToDecode}")];
            }

            // The HDF5 reader is third-party code facing a hostile file: it runs on its own task under a deadline, so a hang becomes MOD001.
            var configs = await Task.Run(() => ReadConfigs(probe.File.FullPath, cancellationToken), cancellationToken)
                .WaitAsync(ReadTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var (name, json, problem) in configs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                findings.AddRange(json is null ? [IncompleteScan.Create(path, name, problem!)] : KerasConfigInspector.Inspect(path, name, json));
            }

            return findings;
        }
        catch (TimeoutException)
        {
            return [IncompleteScan.Create(path, null, $"the HDF5 file was not read within {ReadTimeout.TotalSeconds} seconds")];
        }
        catch (OperationCanceledException)
        {
            // The file's deadline or the gate's budget: configs inspected so far keep their findings; the gate rethrows its own cancellation.
            findings.Add(IncompleteScan.Create(path, null, $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s"));
            return findings;
        }
#pragma warning disable CA1031 // A hostile HDF5 file can make the reader throw anything; it must become MOD001, never a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return [IncompleteScan.Create(path, null, $"the HDF5 file could not be read ({ex.GetType().Name}: {ex.Message})")];
        }
    }

    private static List<(string Name, string? Json, string? Problem)> ReadConfigs(string fullPath, CancellationToken cancellationToken)
    {
        var configs = new List<(string, string?, string?)>();
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        using var file = H5File.Open(stream, leaveOpen: false);
        foreach (var name in ConfigAttributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!file.AttributeExists(name))
            {
                continue;
            }

            var attribute = file.Attribute(name);
            if (attribute.Space.Dimensions.Any(d => d > 1) || attribute.Type.Size > MaxConfigBytes)
            {
                configs.Add((name, null, $"the '{name}' attribute is not a single string of at most {MaxConfigBytes} bytes"));
                continue;
            }

            var json = attribute.Read<string>();
            configs.Add(json.Length > MaxConfigBytes
                ? (name, null, $"the '{name}' attribute is larger than {MaxConfigBytes} characters")
                : (name, json, null));
        }

        return configs;
    }
}
