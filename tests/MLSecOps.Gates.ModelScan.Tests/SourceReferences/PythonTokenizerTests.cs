using MLSecOps.Gates.ModelScan.SourceReferences;

namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>The Python 3 lexical grammar the source rules rely on: what is one token, where it is, and what is an error.</summary>
public sealed class PythonTokenizerTests
{
    [TestCase("'''a\n from_pretrained(\"x\")\n'''")]
    [TestCase("\"\"\"it's \"quoted\" \\\"\"\" still\"\"\"")]
    [TestCase("r'\\''")]
    [TestCase("rb\"\\d+\"")]
    [TestCase("Rb'x'")]
    [TestCase("u'ü'")]
    [TestCase("f\"{x!r:>{width}} {d['k']}\"")]
    [TestCase("f\"{d[\"k\"]} {f\"{1 + 2}\"}\"")]
    [TestCase("f'''{\n  x  # a comment inside a replacement field\n}'''")]
    [TestCase("f\"{{not a field}}\"")]
    public void Tokenize_StringLiteral_IsOneStringToken(string source)
    {
        var result = PythonTokenizer.Tokenize(source);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Tokens.Select(t => t.Kind), Is.EqualTo(new[] { PythonTokenKind.String, PythonTokenKind.Newline }));
        Assert.That(result.Tokens[0].Text, Is.EqualTo(source));
    }

    [Test]
    public void Tokenize_CommentsAndBlankLines_AreDropped()
    {
        var result = PythonTokenizer.Tokenize("# torch.load(x)\n\n   \nx = 1  # trust_remote_code=True\n");

        Assert.That(result.Tokens.Select(t => t.Text), Is.EqualTo(new[] { "x", "=", "1", "" }));
    }

    [Test]
    public void Tokenize_ExplicitAndImplicitJoins_MakeOneLogicalLine()
    {
        var result = PythonTokenizer.Tokenize("a = f(1,\n      2) + \\\n    3\nb = 4\n");

        Assert.That(result.Tokens.Count(t => t.Kind == PythonTokenKind.Newline), Is.EqualTo(2));
        var three = result.Tokens.Single(t => t.Text == "3");
        Assert.That((three.Line, three.Column), Is.EqualTo((3, 5)));
    }

    [Test]
    public void Tokenize_TokensAfterAMultiLineString_HaveTheirOwnLine()
    {
        var result = PythonTokenizer.Tokenize("x = \"\"\"one\ntwo\r\nthree\"\"\"; y = 2\n");

        var y = result.Tokens.Single(t => t.Text == "y");
        Assert.That((y.Line, y.Column), Is.EqualTo((3, 11)));
    }

    [TestCase("a == b", "==")]
    [TestCase("a **= 2", "**=")]
    [TestCase("a := 1", ":=")]
    [TestCase("def f() -> int", "->")]
    [TestCase("x = ...", "...")]
    public void Tokenize_Operators_LongestMatch(string source, string op)
    {
        var result = PythonTokenizer.Tokenize(source);

        Assert.That(result.Tokens.Where(t => t.Kind == PythonTokenKind.Operator).Select(t => t.Text), Does.Contain(op));
        Assert.That(result.Errors, Is.Empty);
    }

    [TestCase("1_000.5e-3j", 1)]
    [TestCase("0xFF_FF", 1)]
    [TestCase(".5", 1)]
    [TestCase("1if x else 2", 5)]
    public void Tokenize_Numbers(string source, int count)
    {
        var result = PythonTokenizer.Tokenize(source);

        Assert.That(result.Tokens.Count(t => t.Kind != PythonTokenKind.Newline), Is.EqualTo(count));
        Assert.That(result.Tokens[0].Kind, Is.EqualTo(PythonTokenKind.Number));
    }

    [TestCase("print(\"done)\nx = 1\n", "line 1, column 7: unterminated string literal")]
    [TestCase("s = '''never closed\n", "line 1, column 5: unterminated triple-quoted string literal")]
    [TestCase("f(1, 2\n", "line 1, column 2: '(' was never closed")]
    [TestCase("x = 1)\n", "line 1, column 6: unmatched ')'")]
    [TestCase("x = $y\n", "line 1, column 5: invalid character '$'")]
    [TestCase("x = 1 \\ 2\n", "line 1, column 7: unexpected character after line continuation character")]
    public void Tokenize_LexicalError_IsRecordedWithItsPosition(string source, string error)
    {
        var result = PythonTokenizer.Tokenize(source);

        var first = result.Errors[0];
        Assert.That($"line {first.Line}, column {first.Column}: {first.Message}", Is.EqualTo(error));
    }

    [Test]
    public void Tokenize_AfterAnUnterminatedString_GoesOnAtTheNextLine()
    {
        var result = PythonTokenizer.Tokenize("a = 'oops\ntorch.load(p)\n");

        Assert.That(result.Tokens.Select(t => t.Text), Does.Contain("torch").And.Contain("load"));
        Assert.That(result.Tokens.Single(t => t.Text == "load").Line, Is.EqualTo(2));
    }

    [Test]
    public void Tokenize_TokenCap_StopsWithAnError()
    {
        var result = PythonTokenizer.Tokenize(string.Concat(Enumerable.Repeat("a ", 100)), maxTokens: 10);

        Assert.That(result.Aborted, Is.True);
        Assert.That(result.Tokens, Has.Count.EqualTo(10));
        Assert.That(result.Errors[0].Message, Is.EqualTo("more than 10 tokens"));
    }

    [TestCase("'plain'", "plain")]
    [TestCase("\"a\\tb\\\\c\\\"d\"", "a\tb\\c\"d")]
    [TestCase("r'a\\tb'", "a\\tb")]
    [TestCase("'''multi\nline'''", "multi\nline")]
    [TestCase("'\\x41\\u00e9'", "Aé")]
    [TestCase("f'{x}'", null)]
    [TestCase("b'bytes'", null)]
    public void StringLiteral_Value(string token, string? value)
    {
        Assert.That(PythonStringLiteral.Value(token), Is.EqualTo(value));
    }
}
