using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Executables;

/// <summary>Files named like models (and llamafiles) that are native programs or scripts, recognised by their first bytes.</summary>
internal sealed class ExecutableModelAnalyzer : IModelFileAnalyzer
{
    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [ExecutableModelFile.Descriptor];

    /// <inheritdoc />
    public bool RecordsOwnVerdict => true;

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.ModelName && KindOf(probe.Head.Span) is not null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var kind = KindOf(probe.Head.Span)!;
        var llamafile = probe.FileName.EndsWith(".llamafile", StringComparison.Ordinal) ? " (a llamafile: the runtime with the weights embedded)" : "";
        IReadOnlyList<Finding> findings =
        [
            ExecutableModelFile.Create(probe.File.RelativePath, null, $"The file is {kind}{llamafile}; starting it runs its code.", kind),
        ];
        return Task.FromResult(findings);
    }

    /// <summary>Returns what kind of program <paramref name="head"/> starts, or null.</summary>
    internal static string? KindOf(ReadOnlySpan<byte> head) => head switch
    {
        [0x7F, (byte)'E', (byte)'L', (byte)'F', ..] => "an ELF executable",
        [(byte)'M', (byte)'Z', ..] => "a Windows (PE/MZ) executable",
        [0xCF, 0xFA, 0xED, 0xFE, ..] or [0xCE, 0xFA, 0xED, 0xFE, ..] or [0xFE, 0xED, 0xFA, 0xCF, ..] or [0xFE, 0xED, 0xFA, 0xCE, ..] => "a Mach-O executable",
        [(byte)'#', (byte)'!', ..] => "a script (#!)",
        _ => null,
    };
}
