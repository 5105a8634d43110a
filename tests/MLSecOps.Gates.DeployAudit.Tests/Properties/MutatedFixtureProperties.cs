using System.Text;
using System.Text.Json;
using CsCheck;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests.Properties;

/// <summary>
/// Random damage and evasion-style rewrites of every committed deploy-audit fixture, through the whole gate: damage never makes
/// the gate throw or report a line outside the file, and rewrites that change nothing for Kubernetes, Compose or Docker (a BOM,
/// CRLF line ends, comments around the text) never hide the finding a failing fixture has.
/// </summary>
public sealed class MutatedFixtureProperties
{
    private static readonly string s_root = FixturePaths.Of("deploy-audit");

    /// <summary>Rules that only act under a setting (as in RuleFixtureTests).</summary>
    private static readonly Dictionary<string, GateSettings> s_settings = new(StringComparer.Ordinal)
    {
        ["DEP027"] = GateHarness.Settings(("trusted-registries", (IReadOnlyList<string>)["ghcr.io/acme/"])),
    };

    private static IEnumerable<string> AllFixtures()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_root, "expected.json")));
        return [.. doc.RootElement.EnumerateObject().Select(e => e.Name)];
    }

    private static IEnumerable<TestCaseData> FailingFixtures()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_root, "expected.json")));
        return [.. doc.RootElement.EnumerateObject()
            .Where(e => e.Value.GetProperty("lines").GetArrayLength() > 0)
            .Select(e => new TestCaseData(e.Name, e.Value.GetProperty("rule").GetString()))];
    }

    [TestCaseSource(nameof(AllFixtures))]
    public void Audit_TruncatedOrBitFlippedFixture_NeverThrowsAndReportsLinesInTheFile(string fixture)
    {
        var original = File.ReadAllBytes(Path.Combine(s_root, fixture));
        var truncation = Gen.Int[0, original.Length].Select(n => original[..n]);
        var flips = Gen.Select(Gen.Int[0, Math.Max(0, original.Length - 1)], Gen.Int[0, 7]).Array[1, 8].Select(f => Flip(original, f));
        using var repo = new TempDirectory();

        Gen.OneOf(truncation, flips).Sample(
            content =>
            {
                IReadOnlyList<Finding> findings = [];
                Assert.That(() => findings = Audit(repo, fixture, content, null), Throws.Nothing);
                // One past the last line is allowed: YamlDotNet marks an error at the end of the text there (DEP001 on a cut file).
                var lines = Encoding.UTF8.GetString(content).Split('\n').Length + 1;
                Assert.That(findings.Select(f => f.Location.StartLine), Has.All.InRange(1, lines), string.Join("; ", findings.Select(f => $"{f.Rule.Id} {f.Location} {f.Message}")));
            },
            iter: 10,
            threads: 1);
    }

    [TestCaseSource(nameof(FailingFixtures))]
    public void Audit_FailingFixtureRewrittenHarmlessly_StillReportsItsRule(string fixture, string rule)
    {
        var text = File.ReadAllText(Path.Combine(s_root, fixture));
        using var repo = new TempDirectory();

        Gen.Bool.Array[4].Sample(
            rewrite =>
            {
                var content = Rewrite(text, rewrite, yaml: !fixture.Contains("Dockerfile", StringComparison.Ordinal));
                var findings = Audit(repo, fixture, content, s_settings.GetValueOrDefault(rule));
                Assert.That(findings.Select(f => f.Rule.Id), Has.Member(rule), $"rewrite {string.Join(",", rewrite)}");
            },
            iter: 12,
            threads: 1);
    }

    /// <summary>BOM, CRLF, a leading comment, a trailing comment (YAML: and an empty document after it).</summary>
    private static byte[] Rewrite(string text, bool[] rewrite, bool yaml)
    {
        if (rewrite[1])
        {
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        if (rewrite[2])
        {
            text = "# reviewed\n" + text;
        }

        if (rewrite[3])
        {
            text = text + (text.EndsWith('\n') ? "" : "\n") + (yaml ? "# end\n---\n" : "# end\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return rewrite[0] ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    private static byte[] Flip(byte[] original, (int Offset, int Bit)[] flips)
    {
        var copy = (byte[])original.Clone();
        foreach (var (offset, bit) in flips.Where(f => f.Offset < copy.Length))
        {
            copy[offset] ^= (byte)(1 << bit);
        }

        return copy;
    }

    private static IReadOnlyList<Finding> Audit(TempDirectory repo, string fixture, byte[] content, GateSettings? settings)
    {
        var full = repo.Write(fixture, content);
        var file = new ScanFile(full, fixture, content.Length);
        return GateHarness.RunAsync(new DeployAuditGate(), repo.Path, [file], settings).GetAwaiter().GetResult();
    }
}
