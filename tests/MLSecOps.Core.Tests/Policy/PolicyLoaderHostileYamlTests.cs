using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Policy;

/// <summary>Malformed YAML that afl-fuzz found (tests/fixtures/fuzz/policy) on which YamlDotNet throws something other than YamlException.</summary>
public sealed class PolicyLoaderHostileYamlTests
{
    private static readonly PolicyLoader s_loader = new([new TestGate()], PolicyRules.All);

    private static IEnumerable<string> Inputs() =>
        Directory.EnumerateFiles(FixturePaths.Of(Path.Combine("fuzz", "policy"))).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Inputs))]
    public void Parse_YamlTheReaderRejectsWithoutPosition_IsOneLinePolicyError(string file)
    {
        var text = File.ReadAllText(FixturePaths.Of(Path.Combine("fuzz", "policy", file)));

        var error = Assert.Throws<PolicyException>(() => s_loader.Parse(new StringReader(text), ".mlsecops.yml"));

        Assert.That(error!.Message, Does.StartWith(".mlsecops.yml:").And.Contains("invalid YAML").And.Not.Contains('\n'));
    }
}
