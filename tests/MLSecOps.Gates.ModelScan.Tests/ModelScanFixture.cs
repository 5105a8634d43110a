using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests;

/// <summary>Runs the model-scan gate over committed fixtures under tests/fixtures/model-scan.</summary>
internal static class ModelScanFixture
{
    public static string Root { get; } = FixturePaths.Of("model-scan");

    /// <summary>Scans one fixture (path relative to tests/fixtures/model-scan) and returns its findings.</summary>
    public static Task<IReadOnlyList<Finding>> ScanAsync(string relativePath, GateSettings? settings = null)
    {
        var full = Path.Combine(Root, relativePath);
        var file = new ScanFile(full, relativePath, new FileInfo(full).Length);
        return GateHarness.RunAsync(new ModelScanGate(), Root, [file], settings);
    }

    /// <summary>Formats findings as "RULE logicalPath" strings, sorted, for exact comparison.</summary>
    public static IReadOnlyList<string> Summary(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}".TrimEnd()).Order(StringComparer.Ordinal)];
}
