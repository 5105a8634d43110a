namespace MLSecOps.Gates.ModelScan.Tests;

public class ScratchDump
{
    [Test]
    public async Task Dump()
    {
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(ModelScanFixture.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(ModelScanFixture.Root, file);
            var findings = await ModelScanFixture.ScanAsync(rel);
            lines.Add($"== {rel}");
            lines.AddRange(findings.Select(f => $"   {f.Rule.Id} {f.Severity} {f.Location.LogicalPath} | {f.Message} | {f.Evidence}"));
        }

        await File.WriteAllLinesAsync("/tmp/dump.txt", lines);
        Assert.Pass();
    }
}
