using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Secrets;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>
/// DEP073: a Helm values file (<c>values.yaml</c>, <c>values-*.yaml</c>) holds a literal secret. The same walk reports
/// server settings that values files pass straight to model servers (<c>--trust-remote-code</c> as DEP050).
/// </summary>
internal static partial class SecretInHelmValues
{
    /// <summary>Deepest nesting walked (the reader already caps depth; values files are shallow).</summary>
    private const int MaxDepth = 40;

    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DEP073",
        "Secret in a Helm values file",
        "Helm copies values into the rendered manifests, usually into plain `env` values or ConfigMaps, and the values file itself is in git: an API key (`vllmApiKey`), a Hugging Face token or a storage password there is readable by everyone with the repository and by everyone who can read the release (`helm get values`).",
        "Keep secrets out of values: create the Secret outside git (External Secrets, Sealed Secrets, SOPS) and pass its name (`existingSecret`, `secretName`) to the chart; revoke the exposed value.",
        Severity.High,
        [Threat.DataCompromise],
        ["CWE-798", "CWE-312"],
        Precision.High,
        example: "A Helm `values.yaml` line `vllmApiKey: sk-…` holding a literal key.");

    /// <summary>Returns whether <paramref name="path"/> is a Helm values file by name.</summary>
    public static bool IsValuesFile(string path) => ValuesName().IsMatch(Path.GetFileName(path));

    /// <summary>Walks a values document and returns its secrets and remote-code flags.</summary>
    public static IEnumerable<Hit> Evaluate(string path, YNode root)
    {
        var hits = new List<Hit>();
        Walk(path, root, "", null, hits, 0);
        return hits;
    }

    private static void Walk(string path, YNode node, string keyPath, string? name, List<Hit> hits, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (node)
        {
            case YMap map:
                foreach (var (key, value) in map.Entries)
                {
                    Walk(path, value, keyPath.Length == 0 ? key.Value : $"{keyPath}.{key.Value}", key.Value, hits, depth + 1);
                }

                break;
            case YSeq seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    Walk(path, seq.Items[i], $"{keyPath}[{i}]", name, hits, depth + 1);
                }

                break;
            case YScalar { IsNull: false } scalar:
                Check(path, scalar, keyPath, name, hits);
                break;
        }
    }

    private static void Check(string path, YScalar scalar, string keyPath, string? name, List<Hit> hits)
    {
        var value = scalar.Value;
        if (name is not null && (name.Equals("trustRemoteCode", StringComparison.OrdinalIgnoreCase) || name.Equals("trust_remote_code", StringComparison.OrdinalIgnoreCase)) && scalar.IsTrue)
        {
            hits.Add(new Hit(TrustRemoteCode.Rule, path, scalar.Span, "helm values", keyPath, $"Helm values set {name}: {value}; the chart passes it to the model server."));
        }
        else if (Servers.CommandWords.Split(value).Any(w => w == "--trust-remote-code"))
        {
            hits.Add(new Hit(TrustRemoteCode.Rule, path, scalar.Span, "helm values", keyPath, $"Helm values pass --trust-remote-code under {keyPath}."));
        }

        if (!value.Contains('\n', StringComparison.Ordinal) && SecretDetector.Detect(name, value) is { } match)
        {
            hits.Add(new Hit(Descriptor, path, scalar.Span, "helm values", keyPath, $"Helm values hold a literal {match.Kind} under {keyPath}.", $"{name ?? keyPath}={SecretMasker.Mask(match.Secret)}"));
        }
    }

    [GeneratedRegex(@"^values(?:[-_.][A-Za-z0-9_.\-]+)?\.ya?ml$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, PatternTimeouts.PerValue)]
    private static partial Regex ValuesName();
}
