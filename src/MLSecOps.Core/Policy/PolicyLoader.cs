using System.Globalization;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Core.Policy;

/// <summary>Reads <c>.mlsecops.yml</c> strictly: every unknown key, wrong type or bad value is an error naming file, line and column.</summary>
/// <param name="gates">The gates whose sections and settings the file may contain.</param>
/// <param name="extraRules">Rules outside the gates (the policy's own) that overrides and waivers may name.</param>
public sealed class PolicyLoader(IReadOnlyList<IGate> gates, IReadOnlyList<RuleDescriptor> extraRules)
{
    private const long MaxPolicyBytes = 1024 * 1024;
    private static readonly string[] TopKeys = ["version", "fail-on", "gates", "rules", "waivers"];
    private static readonly string[] CommonGateKeys = ["enabled", "paths", "exclude", "timeout-seconds"];
    private static readonly string[] RuleKeys = ["severity", "enabled"];
    private static readonly string[] WaiverKeys = ["rule", "paths", "reason", "expires", "approved-by"];

    /// <summary>Loads a policy file.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="displayPath">How to name the file in messages.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="PolicyException">The file is missing, too large, not YAML or not a valid policy.</exception>
    public Policy Load(string path, string displayPath)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new PolicyException($"{displayPath}: policy file not found; create it with 'mlsecops init' or pass --policy with an existing file");
        }

        if (info.Length > MaxPolicyBytes)
        {
            throw new PolicyException($"{displayPath}: policy file is {info.Length} bytes, over the 1 MiB limit; is it the right file?");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, displayPath) with { SourcePath = Path.GetFullPath(path) };
    }

    /// <summary>Parses policy YAML.</summary>
    /// <param name="reader">The YAML text.</param>
    /// <param name="displayPath">How to name the file in messages.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="PolicyException">The text is not a valid policy.</exception>
    public Policy Parse(TextReader reader, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = reader.ReadToEnd();
        var stream = new YamlStream();
        try
        {
            if (YamlShapeCheck.Policy.Check(text) is var (at, problem))
            {
                throw PolicyException.At(displayPath, at.Line, at.Column, $"{problem}; a policy file is a few levels deep, is it the right file?");
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw TabIndentation(text, displayPath)
                ?? PolicyException.At(displayPath, ex.Start.Line, ex.Start.Column, $"invalid YAML: {FirstLine(ex.Message)}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Found by fuzzing (tests/fixtures/fuzz/policy): YamlDotNet throws these, without a position, for some malformed text.
            throw new PolicyException($"{displayPath}: invalid YAML the reader cannot place on a line ({FirstLine(ex.Message)}); check quotes, brackets, tags and '%' directives", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw PolicyException.At(displayPath, 1, 1, "the policy file is empty; start it with 'version: 1' (or run 'mlsecops init')");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw Error(displayPath, second, "a policy file holds one YAML document; remove the '---' separator");
        }

        var file = new PolicyFile(displayPath);
        var root = file.Mapping(stream.Documents[0].RootNode, "the policy file");
        var policy = ReadPolicy(file, root);
        return root.Children.Keys.Any(k => k is YamlScalarNode { Value: "version" })
            ? policy
            : throw Error(displayPath, root, "no 'version'; add 'version: 1' as the first line so later releases read this file the same way");
    }

    private Policy ReadPolicy(PolicyFile file, YamlMappingNode root)
    {
        var policy = Policy.Default;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = file.Key(keyNode, TopKeys);
            policy = key switch
            {
                "version" => ReadVersion(file, value, policy),
                "fail-on" => policy with { FailOn = ReadFailOn(file, value) },
                "gates" => policy with { Gates = ReadGates(file, value) },
                "rules" => policy with { Rules = ReadRules(file, value) },
                _ => policy with { Waivers = ReadWaivers(file, value) },
            };
        }

        return policy;
    }

    private static Policy ReadVersion(PolicyFile file, YamlNode value, Policy policy) =>
        file.Scalar(value, "version") == "1" ? policy : throw Error(file.Name, value, "unsupported version; this release reads 'version: 1'");

    private static Severity? ReadFailOn(PolicyFile file, YamlNode value)
    {
        var text = file.Scalar(value, "fail-on");
        if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return SeverityNames.TryParse(text, out var severity)
            ? severity
            : throw Error(file.Name, value, $"bad severity '{text}'; use one of {string.Join(", ", SeverityNames.All)} or none");
    }

    private Dictionary<string, GatePolicy> ReadGates(PolicyFile file, YamlNode value)
    {
        var result = new Dictionary<string, GatePolicy>(StringComparer.Ordinal);
        foreach (var (keyNode, section) in file.Mapping(value, "gates").Children)
        {
            var name = file.Key(keyNode, gates.Select(g => g.Name).ToArray());
            var gate = gates.First(g => g.Name == name);
            result[name] = section is YamlScalarNode { Value: null or "" } ? GatePolicy.Default : ReadGate(file, gate, section);
        }

        return result;
    }

    private static GatePolicy ReadGate(PolicyFile file, IGate gate, YamlNode section)
    {
        var policy = GatePolicy.Default;
        var settings = new Dictionary<string, object>(StringComparer.Ordinal);
        var validKeys = CommonGateKeys.Concat(gate.Settings.Select(s => s.Key)).ToArray();
        foreach (var (keyNode, value) in file.Mapping(section, $"gates.{gate.Name}").Children)
        {
            var key = file.Key(keyNode, validKeys);
            switch (key)
            {
                case "enabled":
                    policy = policy with { Enabled = file.Boolean(value, key) };
                    break;
                case "paths":
                    policy = policy with { Paths = file.Globs(value, key) };
                    break;
                case "exclude":
                    policy = policy with { Exclude = file.Globs(value, key) };
                    break;
                case "timeout-seconds":
                    policy = policy with { Timeout = TimeSpan.FromSeconds(file.PositiveInteger(value, key)) };
                    break;
                default:
                    var descriptor = gate.Settings.First(s => s.Key == key);
                    settings[key] = file.Setting(value, descriptor);
                    break;
            }
        }

        return policy with { Settings = new GateSettings(settings) };
    }

    private Dictionary<string, RuleOverride> ReadRules(PolicyFile file, YamlNode value)
    {
        var known = KnownRuleIds();
        var result = new Dictionary<string, RuleOverride>(StringComparer.Ordinal);
        foreach (var (keyNode, body) in file.Mapping(value, "rules").Children)
        {
            var id = file.RuleId(keyNode, known);
            var rule = new RuleOverride(null);
            foreach (var (propertyNode, propertyValue) in file.Mapping(body, $"rules.{id}").Children)
            {
                rule = file.Key(propertyNode, RuleKeys) == "severity"
                    ? rule with { Severity = ReadSeverity(file, propertyValue) }
                    : rule with { Enabled = file.Boolean(propertyValue, "enabled") };
            }

            result[id] = rule;
        }

        return result;
    }

    private static Severity ReadSeverity(PolicyFile file, YamlNode value)
    {
        var text = file.Scalar(value, "severity");
        return SeverityNames.TryParse(text, out var severity)
            ? severity.Value
            : throw Error(file.Name, value, $"bad severity '{text}'; use one of {string.Join(", ", SeverityNames.All)}");
    }

    private List<Waiver> ReadWaivers(PolicyFile file, YamlNode value)
    {
        var known = KnownRuleIds();
        if (value is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            throw Error(file.Name, value, "'waivers' must be a list of waivers, each starting with '- rule:'");
        }

        return [.. sequence.Children.Select(item => ReadWaiver(file, item, known))];
    }

    private static Waiver ReadWaiver(PolicyFile file, YamlNode item, IReadOnlyCollection<string> known)
    {
        var mapping = file.Mapping(item, "a waiver");
        string? rule = null, reason = null, approvedBy = null;
        DateOnly? expires = null;
        IReadOnlyList<string> paths = [];
        foreach (var (keyNode, value) in mapping.Children)
        {
            switch (file.Key(keyNode, WaiverKeys))
            {
                case "rule":
                    rule = file.RuleId(value, known);
                    break;
                case "paths":
                    paths = file.Globs(value, "paths");
                    break;
                case "reason":
                    reason = file.Scalar(value, "reason");
                    break;
                case "expires":
                    expires = ReadDate(file, value);
                    break;
                default:
                    approvedBy = file.Scalar(value, "approved-by");
                    break;
            }
        }

        if (rule is null)
        {
            throw Error(file.Name, item, "waiver without 'rule'; name the rule id it waives, such as 'rule: DAT003'");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw Error(file.Name, item, $"waiver of {rule} has no 'reason'; say why the risk is accepted");
        }

        if (expires is null)
        {
            throw Error(file.Name, item, $"waiver of {rule} has no 'expires'; add a date such as 'expires: 2027-03-31'");
        }

        return new Waiver(rule, paths, reason, expires.Value, approvedBy, (int)item.Start.Line);
    }

    private static DateOnly ReadDate(PolicyFile file, YamlNode value)
    {
        var text = file.Scalar(value, "expires");
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(file.Name, value, $"bad date '{text}'; write it as YYYY-MM-DD");
    }

    private string[] KnownRuleIds() => [.. gates.SelectMany(g => g.Rules).Concat(extraRules).Select(r => r.Id).Distinct().Order(StringComparer.Ordinal)];

    private static PolicyException Error(string file, YamlNode node, string message) =>
        PolicyException.At(file, node.Start.Line, node.Start.Column, message);

    /// <summary>Returns an error at the first tab that indents a line: YAML indents with spaces only, and the parser's
    /// own message points at the start of the enclosing mapping instead.</summary>
    private static PolicyException? TabIndentation(string text, string displayPath)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return PolicyException.At(displayPath, i + 1, tab + 1, "a tab indents this line; YAML indents with spaces only");
            }
        }

        return null;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
