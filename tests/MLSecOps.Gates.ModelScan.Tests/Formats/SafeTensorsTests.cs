using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Formats.SafeTensors;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class SafeTensorsTests
{
    [Test]
    public async Task Analyze_ValidFile_ReportsNothing()
    {
        var findings = await FormatScan.FixtureAsync("safetensors/valid.safetensors");

        Assert.That(findings, Is.Empty);
    }

    [TestCase("safetensors/header-too-large.safetensors", "MOD065@header")]
    [TestCase("safetensors/not-json.safetensors", "MOD065@header")]
    [TestCase("safetensors/unknown-dtype.safetensors", "MOD065@weight")]
    [TestCase("safetensors/negative-shape.safetensors", "MOD065@weight")]
    [TestCase("safetensors/metadata-not-string.safetensors", "MOD065@__metadata__.epochs")]
    [TestCase("safetensors/out-of-bounds.safetensors", "MOD066@bias")]
    [TestCase("safetensors/overlap.safetensors", "MOD066@bias")]
    [TestCase("safetensors/gap.safetensors", "MOD066@bias")]
    [TestCase("safetensors/size-mismatch.safetensors", "MOD066@weight")]
    [TestCase("safetensors/trailing.safetensors", "MOD067@data")]
    [TestCase("safetensors/appended-pickle.safetensors", "MOD068@data")]
    [TestCase("safetensors/metadata-code.safetensors", "MOD069@__metadata__.readme")]
    public async Task Analyze_BrokenOrHostileFile_ReportsRuleAtLocation(string fixture, string expected)
    {
        var findings = await FormatScan.FixtureAsync(fixture);

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Analyze_SuspiciousMetadataAndAppendedPickle_ReportsBoth()
    {
        var findings = await FormatScan.FixtureAsync("safetensors/metadata-code-and-pickle.safetensors");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD069@__metadata__.note", "MOD068@data" }));
    }

    [Test]
    public async Task Analyze_AppendedPickle_IsCritical()
    {
        var findings = await FormatScan.FixtureAsync("safetensors/appended-pickle.safetensors");

        Assert.That(findings.Single().Severity, Is.EqualTo(Severity.Critical));
        Assert.That(findings.Single().Message, Does.Contain("protocol-2 pickle"));
    }

    [Test]
    public async Task Analyze_MultiGigabyteFile_ReadsOnlyTheHeader()
    {
        using var dir = new MLSecOps.TestKit.TempDirectory();
        var path = Path.Combine(dir.Path, "big.safetensors");
        var header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1073741824],\"data_offsets\":[0,4294967296]}}"u8.ToArray();
        await using (var stream = File.Create(path))
        {
            stream.Write(BitConverter.GetBytes((ulong)header.Length));
            stream.Write(header);
            // A sparse 4 GiB data section: nothing but the header is ever read back.
            stream.SetLength(8 + header.Length + 4294967296L);
        }

        var findings = await FormatScan.FileAsync(dir.Path, "big.safetensors");

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Check_MoreHeaderEntriesThanTheCap_IsIncompleteWithoutParsingThem()
    {
        // Given a header naming 500,001 tensors (1.4 million in a 94 MB header peaked at 730 MB once parsed)
        var header = Encoding.ASCII.GetBytes("{" + string.Join(",", Enumerable.Range(0, 500_001).Select(i => $"\"t{i}\":{{}}")) + "}");
        using var stream = new MemoryStream([.. BitConverter.GetBytes((ulong)header.Length), .. header]);
        var findings = new List<Finding>();

        // When the header is checked
        SafeTensorsHeaderCheck.Check("model.safetensors", stream, findings, CancellationToken.None);

        // Then it is one incomplete-scan finding, not a finding per entry
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Message}"), Is.EqualTo(new[]
        {
            "MOD001 Scan incomplete: the header names more than 500000 tensors; their dtypes, shapes and layout were not checked",
        }));
    }
}
