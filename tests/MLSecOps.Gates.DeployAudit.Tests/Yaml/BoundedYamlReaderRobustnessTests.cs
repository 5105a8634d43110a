using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Tests.Yaml;

/// <summary>Truncates and corrupts every YAML fixture at many points: the reader must return, never throw.</summary>
public sealed class BoundedYamlReaderRobustnessTests
{
    [Test]
    public void Read_TruncatedOrCorruptedFixtures_NeverThrows()
    {
        var reader = new BoundedYamlReader(YamlLimits.Default);
        var texts = Directory.EnumerateFiles(MLSecOps.TestKit.FixturePaths.Of("deploy-audit"), "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        var inserts = new[] { "[", "{", "\"", "'", "*x", "&a ", ":", "\t", "- ", "? ", "|", "%" };
        var runs = 0;
        foreach (var text in texts)
        {
            for (var cut = 0; cut < text.Length; cut += Math.Max(1, text.Length / 25))
            {
                foreach (var insert in inserts)
                {
                    Assert.DoesNotThrow(() => reader.Read(text[..cut] + insert + text[cut..]));
                    runs++;
                }

                Assert.DoesNotThrow(() => reader.Read(text[..cut]));
            }
        }

        Assert.That(runs, Is.GreaterThan(1000));
    }
}
