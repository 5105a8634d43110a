using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Packaged;

/// <summary>
/// NeMo archives (<c>.nemo</c>, a tar, optionally gzip-compressed): reads every YAML config for Hydra <c>_target_</c> entries, which
/// NeMo instantiates on restore. The checkpoints inside are scanned by the archive scanner like any tar.
/// </summary>
internal sealed partial class NemoArchiveAnalyzer : IModelFileAnalyzer
{
    private static readonly HashSet<string> FrameworkRoots = new(StringComparer.Ordinal)
    {
        "nemo", "torch", "pytorch_lightning", "lightning", "omegaconf", "megatron", "apex", "transformers", "torchmetrics", "numpy", "sentencepiece",
        "tokenizers", "nemo_text_processing", "lhotse",
    };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [NemoDangerousTarget.Descriptor, NemoForeignTarget.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".nemo", StringComparison.Ordinal) && probe.Content.Kind is ModelContentKind.Tar or ModelContentKind.Gzip;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        try
        {
            var (members, left) = await PackagedMembers.ReadAsync(probe.File.FullPath, IsConfig, cancellationToken).ConfigureAwait(false);
            if (left)
            {
                findings.Add(IncompleteScan.Create(path, null, $"the archive has more than {PackagedMembers.MaxMembers} members"));
            }

            var configs = members.Where(m => m.Text is not null).ToList();
            if (configs.Count == 0)
            {
                findings.Add(IncompleteScan.Create(path, null, "the NeMo archive has no YAML config (model_config.yaml)") with { Severity = Severity.Medium });
            }

            foreach (var config in configs)
            {
                if (config.Truncated)
                {
                    findings.Add(IncompleteScan.Create(path, config.Name, $"the config is larger than {PackagedMembers.MaxTextBytes / (1024 * 1024)} MiB; only its start was read"));
                }

                findings.AddRange(Targets(path, config).Take(settings.Budget.MaxFindingsPerFile));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or RegexMatchTimeoutException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the NeMo archive could not be read ({ex.Message})"));
        }

        return [.. findings.Take(settings.Budget.MaxFindingsPerFile)];
    }

    /// <summary>Returns the findings for the <c>_target_</c> entries of one YAML config.</summary>
    internal static IEnumerable<Finding> Targets(string path, PackagedMember config)
    {
        var text = config.Text!;
        var (lineAt, line) = (0, 1);
        foreach (Match match in TargetPattern().Matches(text))
        {
            var target = match.Groups["target"].Value;
            line += text.AsSpan(lineAt, match.Index - lineAt).Count('\n');
            lineAt = match.Index;
            var where = $"{config.Name}:{line}";
            if (PythonTargets.IsDangerous(target))
            {
                yield return NemoDangerousTarget.Create(path, where, $"`_target_: {target}` in `{config.Name}` (line {line}) is called by Hydra when NeMo restores the model.", target);
            }
            else if (!PythonTargets.IsUnder(target, FrameworkRoots))
            {
                yield return NemoForeignTarget.Create(path, where, $"`_target_: {target}` in `{config.Name}` (line {line}) is imported and instantiated when NeMo restores the model.", target);
            }
        }
    }

    private static bool IsConfig(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    // Block (`_target_: x`), flow (`{_target_: x}`) and quoted (`"_target_": "x"`) keys; the value is a dotted Python name.
    [GeneratedRegex(@"(?<=^|[\s{,\-])[""']?_target_[""']?[ \t]*:[ \t]*[""']?(?<target>[A-Za-z_][\w.]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex TargetPattern();
}
