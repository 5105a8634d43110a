using System.Text;
using System.Text.Json;
using MLSecOps.Reporting.Json;

namespace MLSecOps.Reporting.Tests;

public sealed class ReadableJsonTests
{
    [Test]
    public void Write_BackticksQuotesAndUnicode_StayReadable()
    {
        var text = Write("Set `runAsNonRoot: true` on 'app' — café ✓ \"quoted\" a+b");

        Assert.That(text, Does.Contain("Set `runAsNonRoot: true` on 'app' — café ✓ \\\"quoted\\\" a+b"));
        Assert.That(text, Does.Not.Contain("\\u0060").And.Not.Contain("\\u0027").And.Not.Contain("\\u002B"));
    }

    [Test]
    public void Write_HtmlCharacters_AreEscapedAndTheDocumentStaysValid()
    {
        const string hostile = "</script><img src=x onerror=alert(1)> & more";

        var text = Write(hostile);

        Assert.That(text, Does.Not.Contain("<").And.Not.Contain(">").And.Not.Contain("&"));
        Assert.That(text, Does.Contain("\\u003C/script\\u003E\\u003Cimg src=x onerror=alert(1)\\u003E \\u0026 more"));
        using var document = JsonDocument.Parse(text);
        Assert.That(document.RootElement.GetProperty("message").GetString(), Is.EqualTo(hostile));
    }

    [Test]
    public void Write_ControlCharacters_AreStillEscaped()
    {
        var text = Write("a\nb\u0001");

        Assert.That(text, Does.Contain("a\\nb\\u0001"));
    }

    [Test]
    public void Write_DocumentLargerThanTheWriteBuffer_IsWhole_AndEveryHtmlCharacterIsEscaped()
    {
        // Given 5,000 messages (about 1 MB, many times the 64 KiB buffer), each with HTML characters, so escapes fall on every boundary
        var messages = Enumerable.Range(0, 5_000).Select(i => $"<b>{i}</b> & {new string('x', i % 300)} <{i}>").ToList();
        using var stream = new MemoryStream();

        // When
        ReadableJson.Write(stream, json =>
        {
            json.WriteStartArray();
            messages.ForEach(json.WriteStringValue);
            json.WriteEndArray();
        });

        // Then the document parses back to the same messages, with no raw HTML character in it
        var bytes = stream.ToArray();
        Assert.That(bytes, Has.Length.GreaterThan(1_000_000));
        Assert.That(bytes.Count(b => b is (byte)'<' or (byte)'>' or (byte)'&'), Is.Zero);
        using var document = JsonDocument.Parse(bytes);
        Assert.That(document.RootElement.EnumerateArray().Select(e => e.GetString()), Is.EqualTo(messages));
    }

    private static string Write(string message)
    {
        using var stream = new MemoryStream();
        ReadableJson.Write(stream, json =>
        {
            json.WriteStartObject();
            json.WriteString("message", message);
            json.WriteEndObject();
        });
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
