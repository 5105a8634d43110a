using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests;

/// <summary>Runs the data-check gate over committed fixtures under tests/fixtures/data-check.</summary>
internal static class DataCheckFixture
{
    public static string Root { get; } = FixturePaths.Of("data-check");

    /// <summary>Scans one file below <paramref name="root"/> (default: the fixture folder).</summary>
    public static Task<IReadOnlyList<Finding>> ScanAsync(string relativePath, GateSettings? settings = null, string? root = null)
    {
        root ??= Root;
        var full = Path.Combine(root, relativePath);
        var file = new ScanFile(full, relativePath, new FileInfo(full).Length);
        return GateHarness.RunAsync(new DataCheckGate(), root, [file], settings);
    }
}
