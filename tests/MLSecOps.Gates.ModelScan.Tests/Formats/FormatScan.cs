using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>Runs every format analyzer that accepts a file, as the gate will, over a real file.</summary>
internal static class FormatScan
{
    public static string Root { get; } = FixturePaths.Of("model-scan/formats");

    /// <summary>Scans a fixture under tests/fixtures/model-scan/formats.</summary>
    public static Task<IReadOnlyList<Finding>> FixtureAsync(string relative, ModelScanSettings? settings = null) =>
        FileAsync(Root, relative, settings);

    /// <summary>Scans <paramref name="relative"/> under <paramref name="root"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> FileAsync(string root, string relative, ModelScanSettings? settings = null)
    {
        var full = Path.Combine(root, relative);
        var file = new ScanFile(full, relative, new FileInfo(full).Length);
        var probe = ModelFileProbe.Read(file);
        var findings = new List<Finding>();
        foreach (var analyzer in FormatAnalyzers.All.Where(a => a.Accepts(probe)))
        {
            findings.AddRange(await analyzer.AnalyzeAsync(probe, settings ?? new ModelScanSettings(), CancellationToken.None));
        }

        return findings;
    }

    /// <summary>Returns "RULE@logical/path" strings for compact exact assertions.</summary>
    public static string[] Ids(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => $"{f.Rule.Id}@{f.Location.LogicalPath}")];
}
