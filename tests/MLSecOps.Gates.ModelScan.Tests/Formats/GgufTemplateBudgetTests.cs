using System.Text;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>Pattern checks of all chat templates in one file share one allowance; what was found before it ran out is kept.</summary>
public class GgufTemplateBudgetTests
{
    [Test]
    public async Task Scan_ManyTemplatesBeyondTheAllowance_KeepsEarlierFindingsAndReportsTheRest()
    {
        // Given a GGUF whose first template escapes the sandbox, followed by 40 more, and a clock on which every match takes 1 s
        using var repo = new TempDirectory();
        var templates = new[] { "{{ ''.__class__.__mro__ }}" }.Concat(Enumerable.Range(0, 40).Select(i => $"{{{{ message['content'] }}}} {i}")).ToList();
        repo.Write("model.gguf", Gguf(templates));

        // When the gate scans it with a 5 s pattern allowance
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("max-regex-seconds", 5)), new SteppingClock());

        // Then the escape is still reported, and the templates left when the allowance ran out are reported as not inspected
        var summary = findings.Select(f => f.Rule.Id).ToList();
        Assert.That(summary, Does.Contain("MOD071"));
        Assert.That(findings.Where(f => f.Rule.Id == "MOD001").Select(f => f.Message), Has.All.Contains("pattern checks took more than 5 s"));
        Assert.That(summary.Count(id => id == "MOD001"), Is.GreaterThan(30));
    }

    private static byte[] Gguf(IReadOnlyList<string> templates)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write(0UL);
        writer.Write((ulong)templates.Count);
        for (var i = 0; i < templates.Count; i++)
        {
            WriteString(writer, i == 0 ? "tokenizer.chat_template" : $"tokenizer.chat_template.t{i}");
            writer.Write(8u);
            WriteString(writer, templates[i]);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>A clock that moves one second each time it is read, so "time spent" is a count of matches.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => 1;

        public override long GetTimestamp() => Interlocked.Increment(ref _ticks);
    }
}
