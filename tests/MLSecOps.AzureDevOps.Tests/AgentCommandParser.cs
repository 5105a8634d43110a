namespace MLSecOps.AzureDevOps.Tests;

/// <summary>Reads a log line the way the Azure Pipelines agent does (agent Command.cs): the first <c>##vso[</c>,
/// the first <c>]</c> after it, properties split on <c>;</c> and at the first <c>=</c>, then unescaped.</summary>
internal sealed record AgentCommand(string Area, string Event, IReadOnlyDictionary<string, string> Properties, string Data)
{
    private const string Prefix = "##vso[";

    public static AgentCommand? TryParse(string line)
    {
        var start = line.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var end = line.IndexOf(']', start);
        if (end < 0)
        {
            return null;
        }

        var body = line[(start + Prefix.Length)..end];
        var space = body.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? body : body[..space];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space >= 0)
        {
            foreach (var pair in body[(space + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    properties[pair[..eq]] = Unescape(pair[(eq + 1)..]);
                }
            }
        }

        return new AgentCommand(name[..dot], name[(dot + 1)..], properties, UnescapeData(line[(end + 1)..]));
    }

    private static string Unescape(string value) =>
        value.Replace("%3B", ";", StringComparison.Ordinal)
            .Replace("%0D", "\r", StringComparison.Ordinal)
            .Replace("%0A", "\n", StringComparison.Ordinal)
            .Replace("%5D", "]", StringComparison.Ordinal)
            .Replace("%AZP25", "%", StringComparison.Ordinal);

    private static string UnescapeData(string value) =>
        value.Replace("%0D", "\r", StringComparison.Ordinal)
            .Replace("%0A", "\n", StringComparison.Ordinal)
            .Replace("%AZP25", "%", StringComparison.Ordinal);
}
