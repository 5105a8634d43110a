using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Secrets;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP071: a secret in a ConfigMap (whole values or lines of embedded config files) or in a committed Secret's <c>stringData</c>.</summary>
internal sealed class SecretInConfigData : IManifestRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP071",
        "Secret in a ConfigMap or committed Secret",
        "ConfigMaps are not secret: anyone with read access to the namespace (and every pod that mounts them) sees their values, and model-server configs embedded in them often carry API keys or storage credentials. A Secret manifest committed to git with literal `stringData` or base64 `data` (encoding, not encryption) leaks the same way.",
        "Move the value to a Secret created outside git (External Secrets, Sealed Secrets, SOPS, CSI secrets store) and reference it with `secretKeyRef` or a mounted file; revoke the exposed value.",
        Severity.High,
        [Threat.DataCompromise],
        ["CWE-798", "CWE-312"],
        Precision.High,
        example: "A `ConfigMap` with `data: { OPENAI_API_KEY: \"sk-…\" }`, or a committed `Secret` with a literal `stringData` password.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        var m = view.Manifest;
        foreach (var hit in EncodedSecrets(m))
        {
            yield return hit;
        }

        var (section, literal) = m.Kind switch
        {
            "ConfigMap" => ("data", false),
            "Secret" => ("stringData", true),
            _ => ("", false),
        };
        foreach (var (key, value) in section.Length == 0 ? [] : m.Root.Map(section)?.Entries ?? [])
        {
            if (value is not YScalar scalar)
            {
                continue;
            }

            var path = $"{section}.{key.Value}";
            if (!scalar.Value.Contains('\n', StringComparison.Ordinal))
            {
                var match = literal ? SecretDetector.DetectLiteral(scalar.Value) : SecretDetector.Detect(key.Value, scalar.Value);
                if (match is not null)
                {
                    yield return Make(m, scalar.Span, path, key.Value, match);
                }

                continue;
            }

            var lines = scalar.Value.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (InLine(lines[i]) is { } found)
                {
                    // A quoted scalar with escaped newlines ("a\nb") sits on fewer lines than it holds: never point past its end (at the next document).
                    var line = Math.Min(scalar.LineOf(i), scalar.Span.EndLine);
                    yield return Make(m, new TextSpan(line, 1, line, 1), $"{path}/{found.Name}", found.Name, found.Match);
                }
            }
        }
    }

    /// <summary>A committed Secret's <c>data</c> is only base64: decode it and report real values.</summary>
    private static IEnumerable<Hit> EncodedSecrets(Manifest m)
    {
        if (m.Kind != "Secret")
        {
            yield break;
        }

        foreach (var (key, value) in m.Root.Map("data")?.Entries ?? [])
        {
            if (value is YScalar { Value.Length: > 0 and <= 65_536 } scalar && Decode(scalar.Value) is { } text && SecretDetector.DetectLiteral(text) is { } match)
            {
                yield return Make(m, scalar.Span, $"data.{key.Value}", key.Value, match);
            }
        }
    }

    private static string? Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) ? System.Text.Encoding.UTF8.GetString(buffer, 0, written) : null;
    }

    private static (string Name, SecretMatch Match)? InLine(string line)
    {
        var text = line.Trim();
        if (text.StartsWith("export ", StringComparison.Ordinal))
        {
            text = text[7..];
        }

        var sep = text.IndexOfAny(['=', ':']);
        var name = sep > 0 ? text[..sep].Trim().Trim('"', '\'') : "line";
        var value = sep > 0 ? text[(sep + 1)..].Trim().Trim('"', '\'', ',') : text;
        return SecretDetector.Detect(name, value) is { } match ? (name, match) : null;
    }

    private static Hit Make(Manifest m, TextSpan span, string path, string name, SecretMatch match) =>
        new(Rule, m.Path, span, m.Id, path, $"{m.Id} holds a literal {match.Kind} under {name}.", $"{name}={SecretMasker.Mask(match.Secret)}") { Resource = m };
}
