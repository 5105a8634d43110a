using System.Text.Json.Nodes;
using Json.Schema;
using MLSecOps.Gates.DesignReview.ThreatModel;
using MLSecOps.Gates.DesignReview.Yaml;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests.ThreatModel;

/// <summary>The published schema is a valid JSON schema and the validator reports each violation at its line and column.</summary>
public sealed class ThreatModelSchemaTests
{
    private static readonly string s_valid = File.ReadAllText(FixturePaths.Of("design-review/DES002/valid.pass/docs/threat-model.yml"));

    [Test]
    public void Schema_IsAValidDraft202012Schema_AndTheEmbeddedCopyIsThePublishedFile()
    {
        // Given the published schema
        var published = File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "schemas", "threat-model.schema.json"));

        // When it is checked against the 2020-12 meta-schema
        var result = MetaSchemas.Draft202012.Evaluate(JsonNode.Parse(published), new EvaluationOptions { OutputFormat = OutputFormat.List });

        // Then it is valid and the gate validates with that very text
        Assert.That(result.IsValid, Is.True);
        Assert.That(ThreatModelSchema.Text, Is.EqualTo(published));
    }

    [Test]
    public void Validate_ValidDocument_ReportsNothing()
    {
        var (document, error) = YamlJsonDocument.Parse(s_valid);

        Assert.That(error, Is.Null);
        Assert.That(ThreatModelSchema.Validate(document!), Is.Empty);
    }

    [Test]
    public void Validate_WrongEnumUnknownKeyWrongTypeMissingKey_ReportsEachAtItsPosition()
    {
        // Given a threat model with four mistakes
        var text = s_valid
            .Replace("    kind: weights", "    kind: weightz", StringComparison.Ordinal)
            .Replace("data-classification: confidential", "data-classification: confidential\ncolour: red", StringComparison.Ordinal)
            .Replace("owners: [\"@acme/ml-team\"]", "owners: \"@acme/ml-team\"", StringComparison.Ordinal)
            .Replace("  description: Classifies product reviews behind an internal API.\n", "", StringComparison.Ordinal);
        var (document, _) = YamlJsonDocument.Parse(text);

        // When
        var violations = ThreatModelSchema.Validate(document!);

        // Then each is reported once, at the key that is wrong (line:column), in file order
        Assert.That(violations.Select(v => $"{v.Line}:{v.Column} {v.Pointer}"), Is.EqualTo(new[]
        {
            "3:1 /system",
            "5:1 /owners",
            "8:5 /assets/0/kind",
            "13:1 /colour",
        }));
        Assert.That(violations[0].Message, Does.Contain("description"));
        Assert.That(violations[3].Message, Is.EqualTo("'colour' is not a key of the threat model schema"));
    }

    [Test]
    public void Parse_AliasBomb_IsAnErrorNotAnExpansion()
    {
        // Given a billion-laughs document
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 0; i < 8; i++)
        {
            lines.Add($"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]");
        }

        // When
        var (document, error) = YamlJsonDocument.Parse(string.Join('\n', lines));

        // Then
        Assert.That(document, Is.Null);
        Assert.That(error!.Message, Does.Contain("more than 100000 nodes"));
    }

    [Test]
    public void Parse_TooDeep_IsAnError()
    {
        var text = new string('[', 100) + new string(']', 100);

        var (document, error) = YamlJsonDocument.Parse(text);

        Assert.That(document, Is.Null);
        Assert.That(error!.Message, Does.Contain("deeper than 64"));
    }

    [Test]
    public void Parse_TwoDocuments_IsAnErrorAtTheSecond()
    {
        var (document, error) = YamlJsonDocument.Parse("version: 1\n---\nversion: 2\n");

        Assert.That(document, Is.Null);
        Assert.That((error!.Line, error.Column), Is.EqualTo((3, 1)));
    }
}
