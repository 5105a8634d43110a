using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Tests.Yaml;

public sealed class BoundedYamlReaderTests
{
    [Test]
    public void Read_MultiDocument_KeepsMarksOfEveryNode()
    {
        var result = new BoundedYamlReader(YamlLimits.Default).Read("a: 1\n---\nb:\n  c: [x, 'y']\n");

        Assert.That(result.Error, Is.Null);
        Assert.That(result.Documents, Has.Count.EqualTo(2));
        var c = ((YMap)result.Documents[1].Root!).Map("b")!.Seq("c")!;
        Assert.That(c.Items[1].Span, Is.EqualTo(new TextSpan(4, 10, 4, 13)));
        Assert.That(((YScalar)c.Items[1]).IsPlain, Is.False);
    }

    [Test]
    public void Read_AliasBomb_StopsAtWeightLimitWithoutExpanding()
    {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var level = 1; level < 12; level++)
        {
            var prev = (char)('a' + level - 1);
            var name = (char)('a' + level);
            text += $"{name}: &{name} [" + string.Join(", ", Enumerable.Repeat("*" + prev, 10)) + "]\n";
        }

        var result = new BoundedYamlReader(YamlLimits.Default).Read(text);

        Assert.That(result.Error?.Kind, Is.EqualTo(YamlErrorKind.Limit));
        Assert.That(result.Error!.Span.Line, Is.EqualTo(6));
    }

    [Test]
    public void Read_DeepNesting_StopsAtDepthLimit()
    {
        var text = new string('[', 500) + new string(']', 500);

        var result = new BoundedYamlReader(YamlLimits.Default).Read(text);

        Assert.That(result.Error?.Kind, Is.EqualTo(YamlErrorKind.Limit));
        Assert.That(result.Error!.Message, Does.Contain("nesting"));
    }

    [Test]
    public void Read_TooManyDocuments_StopsAtDocumentLimit()
    {
        var text = string.Concat(Enumerable.Repeat("a: 1\n---\n", 20));

        var result = new BoundedYamlReader(new YamlLimits(MaxDocuments: 5)).Read(text);

        Assert.That((result.Documents.Count, result.Error?.Kind), Is.EqualTo((5, (YamlErrorKind?)YamlErrorKind.Limit)));
    }

    [Test]
    public void Read_SyntaxError_KeepsEarlierDocumentsAndReportsLine()
    {
        var result = new BoundedYamlReader(YamlLimits.Default).Read("a: 1\n---\nb: [1, 2\nc: 3\n");

        Assert.That(result.Documents, Has.Count.EqualTo(1));
        Assert.That(result.Error?.Kind, Is.EqualTo(YamlErrorKind.Syntax));
        Assert.That(result.Error!.Span.Line, Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void Read_UndefinedAlias_IsSyntaxError()
    {
        var result = new BoundedYamlReader(YamlLimits.Default).Read("a: *nope\n");

        Assert.That(result.Error?.Kind, Is.EqualTo(YamlErrorKind.Syntax));
    }

    [Test]
    public void Read_MergeKey_MergesWithoutOverridingExplicitKeys()
    {
        var result = new BoundedYamlReader(YamlLimits.Default).Read("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n");

        var derived = ((YMap)result.Documents[0].Root!).Map("derived")!;
        Assert.That((derived.Text("x"), derived.Text("y")), Is.EqualTo(("1", "3")));
    }

    [Test]
    public void Read_QuotedContinuationAtKeyColumn_ReadsTheFoldedValueAsKubectlDoes()
    {
        // Given the shape of Knative Serving's generated CRDs: continuation lines at the key's own column
        var text = "spec:\n  description: \"first line\n  second \\\"quoted\\\" line\n\n  third\"\n  type: object\n  other: 'one\n  two'\nafter: 1\n";

        var result = new BoundedYamlReader(YamlLimits.Default).Read(text);

        // Then it reads as libyaml reads it, with the lines of the original text
        Assert.That(result.Error, Is.Null);
        var spec = ((YMap)result.Documents[0].Root!).Map("spec")!;
        Assert.That(spec.Scalar("description")!.Value, Is.EqualTo("first line second \"quoted\" line\nthird"));
        Assert.That(spec.Scalar("other")!.Value, Is.EqualTo("one two"));
        Assert.That(((YMap)result.Documents[0].Root!).Scalar("after")!.Span.Line, Is.EqualTo(9));
    }

    [Test]
    public void Read_QuotedContinuationRepairThatDoesNotHelp_KeepsTheOriginalError()
    {
        // Given an under-indented continuation followed by a real error on an earlier-looking repair
        var text = "a:\n  b: \"x\n  y\n";

        var result = new BoundedYamlReader(YamlLimits.Default).Read(text);

        // Then the unterminated scalar is still a syntax error
        Assert.That(result.Error?.Kind, Is.EqualTo(YamlErrorKind.Syntax));
    }

    [Test]
    public void Repair_BlockScalarHoldingAQuote_IsLeftUnchanged()
    {
        var text = "a: |\n  key: \"open\n  b\nc: \"x\ny\"\n";

        var repaired = FlowScalarIndentation.Repair(text);

        Assert.That(repaired, Is.EqualTo("a: |\n  key: \"open\n  b\nc: \"x\n y\"\n"));
    }
}
