using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.TestKit;

/// <summary>A real gate for tests: reports one finding of <see cref="Rule"/> per file whose content contains "BAD" (with the line), and can be told to throw or hang.</summary>
public sealed class TestGate : IGate
{
    /// <summary>The rule the test gate reports (a DAT id, so it looks like a data-check rule).</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DAT999", "Test marker found", "The file contains the test marker BAD.", "Remove the marker.", Severity.High, [Threat.DataPoisoning], ["TEST-1"]);

    /// <summary>A second, low-severity rule, reported for the marker "MEH".</summary>
    public static readonly RuleDescriptor LowRule = RuleDescriptorFactory.Create(
        "DAT998", "Low test marker found", "The file contains the test marker MEH.", "Remove the marker.", Severity.Low, [Threat.DataPoisoning], []);

    /// <summary>Gets or sets the gate name.</summary>
    public string Name { get; init; } = "data-check";

    /// <inheritdoc />
    public string Stage => "development";

    /// <inheritdoc />
    public string Description => "test gate";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [LowRule, Rule];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings { get; } =
    [
        new("markers", SettingKind.StringList, "extra markers"),
        new("allowed", SettingKind.StringListMap, "a map"),
        new("strict", SettingKind.Boolean, "a flag"),
    ];

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; init; } = ["**"];

    /// <summary>Gets the file names (suffixes) the gate says it understands wherever they are, such as ".csv".</summary>
    public IReadOnlyList<string> Understood { get; init; } = [];

    /// <inheritdoc />
    public bool Understands(ScanFile file) => file is not null && Understood.Any(u => file.RelativePath.EndsWith(u, StringComparison.Ordinal));

    /// <summary>Gets an exception to throw instead of scanning.</summary>
    public Exception? Throws { get; init; }

    /// <summary>Gets whether to wait for cancellation instead of scanning.</summary>
    public bool Hangs { get; init; }

    /// <summary>Gets the contexts the gate was run with.</summary>
    public List<GateContext> Contexts { get; } = [];

    /// <inheritdoc />
    public async Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Contexts.Add(context);
        if (Throws is not null)
        {
            throw Throws;
        }

        if (Hangs)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        var findings = new List<Finding>();
        foreach (var file in context.Files)
        {
            var lines = await File.ReadAllLinesAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("BAD", StringComparison.Ordinal))
                {
                    findings.Add(Finding.Create(Rule, new Location(file.RelativePath, i + 1), $"marker in {file.RelativePath}", lines[i].Trim()));
                }

                if (lines[i].Contains("MEH", StringComparison.Ordinal))
                {
                    findings.Add(Finding.Create(LowRule, new Location(file.RelativePath, i + 1), "low marker", lines[i].Trim()));
                }
            }
        }

        return GateResult.Of(findings, context.Files.Count);
    }
}
