using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Torch7;

/// <summary>Lua Torch (<c>.t7</c>) files: the object stream walked as <c>torch.load</c> reads it, for serialised Lua functions and foreign classes.</summary>
internal sealed class Torch7Analyzer : BlockingFileAnalyzer
{
    private const int MaxReported = 20;

    // Lua Torch itself and its standard packages; a class elsewhere comes from whatever package is installed under that name.
    private static readonly string[] KnownRoots = ["torch.", "nn.", "cudnn.", "nngraph.", "cunn.", "cutorch.", "optim.", "image.", "rnn.", "dpnn."];

    /// <inheritdoc />
    public override IReadOnlyList<RuleDescriptor> Rules { get; } = [Torch7LuaFunction.Descriptor, Torch7ForeignClass.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public override bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".t7", StringComparison.Ordinal) && probe.Content.Kind is ModelContentKind.Unknown or ModelContentKind.Text;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Finding> Analyze(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        if (!Torch7Reader.LooksBinary(probe.Head.Span))
        {
            var ascii = probe.Head.Length > 1 && char.IsAsciiDigit((char)probe.Head.Span[0]);
            return [IncompleteScan.Create(path, null, ascii
                ? "the file is a torch7 ASCII serialization, which the scanner does not read (save it in binary mode)"
                : "the file is named .t7 but does not start with a torch7 object") with { Severity = Severity.Medium }];
        }

        var findings = new List<Finding>();
        Torch7Reader? reader = null;
        try
        {
            using var file = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var buffered = new BufferedStream(file, 64 * 1024);
            reader = new Torch7Reader(buffered, file.Length, cancellationToken);
            reader.Read();
        }
        catch (InvalidDataException ex)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the torch7 file is malformed ({ex.Message})"));
        }
        catch (OverflowException)
        {
            findings.Add(IncompleteScan.Create(path, null, "the torch7 file declares a storage larger than any file"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the torch7 file could not be read ({ex.Message})"));
        }

        if (reader is not null)
        {
            // What was read before an error is reported too.
            findings.InsertRange(0, reader.Functions.Distinct(StringComparer.Ordinal).Take(MaxReported).Select(where => Torch7LuaFunction.Create(
                path, where, $"`{where}` is a serialised Lua function: torch.load compiles its bytecode with loadstring, and it runs when the loaded object calls it.", where)));
            findings.InsertRange(0, reader.Classes.Where(c => !KnownRoots.Any(r => c.Key.StartsWith(r, StringComparison.Ordinal))).Take(MaxReported).Select(c => Torch7ForeignClass.Create(
                path, c.Value, $"The file builds the class `{c.Key}`, outside Lua Torch and nn: torch.load runs that package's constructor and read method.", c.Key)));
        }

        return findings;
    }
}
