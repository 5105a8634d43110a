using System.Globalization;
using MLSecOps.Core.Gates;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Core.Policy;

/// <summary>Typed, located reads of policy YAML nodes: each wrong shape is an error at the node's line and column.</summary>
/// <param name="Name">How to name the file in messages.</param>
internal sealed record PolicyFile(string Name)
{
    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of 'key: value' lines");

    public string Key(YamlNode node, IReadOnlyCollection<string> valid)
    {
        var key = Scalar(node, "a key");
        return valid.Contains(key) ? key : throw Error(node, $"unknown key '{key}'{NearestName.Hint(key, valid)}");
    }

    public string RuleId(YamlNode node, IReadOnlyCollection<string> known)
    {
        var id = Scalar(node, "a rule id").ToUpperInvariant();
        return known.Contains(id) ? id : throw Error(node, $"unknown rule '{id}'{SuggestRule(id, known)}");
    }

    public string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"'{what}' must be a single value, not a list or mapping");

    public bool Boolean(YamlNode node, string key) => Scalar(node, key).ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "ON" => true,
        "FALSE" or "NO" or "OFF" => false,
        var other => throw Error(node, $"'{key}' must be true or false, not '{other.ToLowerInvariant()}'"),
    };

    public int PositiveInteger(YamlNode node, string key) =>
        int.TryParse(Scalar(node, key), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Error(node, $"'{key}' must be a whole number above zero");

    public IReadOnlyList<string> Strings(YamlNode node, string key)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, $"'{key}' must be a list, such as [\"a\", \"b\"]");
        }

        return [.. sequence.Children.Select(item => Scalar(item, key))];
    }

    public IReadOnlyList<string> Globs(YamlNode node, string key)
    {
        var globs = Strings(node, key);
        var items = ((YamlSequenceNode)node).Children;
        for (var i = 0; i < globs.Count; i++)
        {
            if (GlobSyntax.Problem(globs[i]) is { } problem)
            {
                throw Error(items[i], problem);
            }
        }

        return globs;
    }

    public object Setting(YamlNode node, SettingDescriptor descriptor) => descriptor.Kind switch
    {
        SettingKind.String => Scalar(node, descriptor.Key),
        SettingKind.StringList => Strings(node, descriptor.Key),
        SettingKind.Boolean => Boolean(node, descriptor.Key),
        SettingKind.Integer => PositiveInteger(node, descriptor.Key),
        _ => StringListMap(node, descriptor.Key),
    };

    private Dictionary<string, IReadOnlyList<string>> StringListMap(YamlNode node, string key)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (entryKey, value) in Mapping(node, key).Children)
        {
            map[Scalar(entryKey, key)] = value is YamlScalarNode ? [Scalar(value, key)] : Strings(value, key);
        }

        return map;
    }

    private static string SuggestRule(string id, IReadOnlyCollection<string> known) =>
        NearestName.Find(id, known) is { } near ? $"; did you mean '{near}'? ('mlsecops rules' lists them)" : "; 'mlsecops rules' lists the rule ids";

    private PolicyException Error(YamlNode node, string message) => PolicyException.At(Name, node.Start.Line, node.Start.Column, message);
}
