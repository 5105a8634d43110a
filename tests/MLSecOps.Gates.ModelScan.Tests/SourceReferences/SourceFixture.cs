using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>Scans the source-reference fixtures (tests/fixtures/model-scan/source-references) through the whole gate.</summary>
internal static class SourceFixture
{
    /// <summary>Returns "RULE line:column severity" for every finding of the fixture, in line order.</summary>
    public static async Task<IReadOnlyList<string>> ScanAsync(string fixture)
    {
        var findings = await ModelScanFixture.ScanAsync(Path.Combine("source-references", fixture));
        return Describe(findings);
    }

    public static IReadOnlyList<string> Describe(IEnumerable<Finding> findings) =>
        [.. findings
            .OrderBy(f => f.Location.StartLine).ThenBy(f => f.Location.StartColumn ?? 0).ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
            .Select(f => $"{f.Rule.Id} {f.Location.StartLine}:{f.Location.StartColumn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {f.Severity.ToString().ToLowerInvariant()}")];
}
