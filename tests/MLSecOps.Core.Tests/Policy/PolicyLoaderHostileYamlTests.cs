using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Policy;

/// <summary>Malformed YAML that afl-fuzz found (tests/fixtures/fuzz/policy) on which YamlDotNet throws something other than YamlException.</summary>
public sealed class PolicyLoaderHostileYamlTests
{
    private static readonly PolicyLoader s_loader = new([new TestGate()], PolicyRules.All);

    private static IEnumerable<string> Inputs() => Fixtures().Where(f => !f.StartsWith("control-", StringComparison.Ordinal));

    private static IEnumerable<string> ControlCharacterKeys() => Fixtures().Where(f => f.StartsWith("control-", StringComparison.Ordinal));

    private static IEnumerable<string> Fixtures() =>
        Directory.EnumerateFiles(FixturePaths.Of(Path.Combine("fuzz", "policy"))).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Inputs))]
    public void Parse_YamlTheReaderRejectsWithoutPosition_IsOneLinePolicyError(string file)
    {
        var text = File.ReadAllText(FixturePaths.Of(Path.Combine("fuzz", "policy", file)));

        var error = Assert.Throws<PolicyException>(() => s_loader.Parse(new StringReader(text), ".mlsecops.yml"));

        Assert.That(error!.Message, Does.StartWith(".mlsecops.yml:").And.Contains("invalid YAML").And.Not.Contains('\n'));
    }

    [TestCaseSource(nameof(ControlCharacterKeys))]
    public void Parse_ComplexKeyWithControlCharacters_IsOneLineWithoutThem(string file)
    {
        // Given a '? key' whose folded scalar holds line breaks, NUL or SOH (afl-fuzz, tests/fixtures/fuzz/policy)
        var text = File.ReadAllText(FixturePaths.Of(Path.Combine("fuzz", "policy", file)));

        // When it is loaded
        var error = Assert.Throws<PolicyException>(() => s_loader.Parse(new StringReader(text), ".mlsecops.yml"));

        // Then the key is quoted with its control characters escaped: one line, nothing a terminal or CI log would act on
        Assert.That(error!.Message, Does.StartWith(".mlsecops.yml:").And.Contains("unknown key").And.Contains("\\u00"));
        Assert.That(error.Message.Any(char.IsControl), Is.False);
    }

    [Test]
    public void Parse_KeyWithEscapeAndLineBreak_QuotesThemEscaped()
    {
        // Given a quoted key that would erase the terminal line and start a workflow command on the next
        var text = "version: 1\n\"a\\e[2K\\n::error::forged\": 1\n";

        // When it is loaded
        var error = Assert.Throws<PolicyException>(() => s_loader.Parse(new StringReader(text), ".mlsecops.yml"));

        // Then
        Assert.That(error!.Message, Does.StartWith(".mlsecops.yml:2:1: unknown key 'a\\u001B[2K\\u000A::error::forged'"));
    }
}
