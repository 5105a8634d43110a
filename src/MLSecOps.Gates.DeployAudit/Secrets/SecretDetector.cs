using System.Buffers;
using System.Text.RegularExpressions;

namespace MLSecOps.Gates.DeployAudit.Secrets;

/// <summary>
/// Finds literal secrets: known token shapes anywhere, and values under secret-looking names that are neither
/// placeholders nor references (<c>${VAR}</c>, <c>$(VAR)</c>, <c>{{ }}</c>, file paths).
/// </summary>
internal static partial class SecretDetector
{
    private const int MaxRememberedNameLength = 128;
    private const int MaxRememberedNames = 4096;

    [ThreadStatic]
    private static Dictionary<string, bool>? t_nameAnswers;

    private static readonly string[] s_secretWords = ["password", "passwd", "pwd", "secret", "token", "apikey", "credential", "credentials", "pat"];

    /// <summary>A literal every token shape below contains; text holding none of them cannot match any shape, so the regexes are skipped.</summary>
    private static readonly SearchValues<string> s_shapeLiterals =
        SearchValues.Create(["-----BEGIN ", "AKIA", "ASIA", "gh", "github_pat_", "sk-", "hf_", "xox", "AIza", "eyJ", "://"], StringComparison.Ordinal);

    /// <summary>Returns the secret in <paramref name="value"/> (named <paramref name="name"/>, if named), or null.</summary>
    public static SecretMatch? Detect(string? name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 65_536)
        {
            return null;
        }

        if (KnownShape(value) is { } known)
        {
            return known;
        }

        return name is not null && NameSuggestsSecret(name) && LooksLikeLiteralSecret(value.Trim()) && !LooksLikeName(value.Trim()) && !NamesSecretResource(name, value.Trim())
            ? new SecretMatch("secret value", value.Trim())
            : null;
    }

    /// <summary>Returns the secret in a value that is a secret by where it sits (a Secret's stringData), unless it is a placeholder.</summary>
    public static SecretMatch? DetectLiteral(string value) =>
        KnownShape(value) ?? (LooksLikeLiteralSecret(value.Trim()) ? new SecretMatch("secret value", value.Trim()) : null);

    /// <summary>Returns a known token shape in <paramref name="value"/>, or null.</summary>
    public static SecretMatch? KnownShape(string value)
    {
        if (value.AsSpan().IndexOfAny(s_shapeLiterals) < 0)
        {
            return null;
        }

        foreach (var (kind, regex) in Shapes)
        {
            var m = regex.Match(value);
            if (m.Success)
            {
                return new SecretMatch(kind, m.Value);
            }
        }

        return null;
    }

    /// <summary>Returns whether a key or variable name says it holds a secret (word-wise, so TOKENIZERS_PARALLELISM is not one).</summary>
    /// <remarks>The same few names (env variables, config keys) come back in every manifest, and splitting one into words
    /// takes three regex passes, so each thread remembers its answers for short names.</remarks>
    public static bool NameSuggestsSecret(string name)
    {
        if (name.Length > MaxRememberedNameLength)
        {
            return SplitNameSuggestsSecret(name);
        }

        var answers = t_nameAnswers ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!answers.TryGetValue(name, out var suggests))
        {
            if (answers.Count >= MaxRememberedNames)
            {
                answers.Clear();
            }

            answers[name] = suggests = SplitNameSuggestsSecret(name);
        }

        return suggests;
    }

    private static bool SplitNameSuggestsSecret(string name)
    {
        var words = NameWords().Split(CamelBoundary().Replace(AcronymBoundary().Replace(name, "$1_$2"), "$1_$2").ToLowerInvariant()).Where(w => w.Length > 0).ToList();
        if (words.Count == 0 || words[^1] is "file" or "path" or "ref" or "name" or "key_ref" or "url" or "secretref" or "dir")
        {
            return false;
        }

        // A word after the secret word that makes the key a pointer to a secret (s3AccessKeyIDName, secretEnv,
        // storageSecretNameAnnotation): its value names a variable, annotation or secret, it is not the secret.
        var first = words.FindIndex(w => Array.IndexOf(s_secretWords, w) >= 0 || w is "key" or "api" or "access" or "private");
        if (first >= 0 && words.Skip(first + 1).Any(w => w is "name" or "names" or "env" or "var" or "variable" or "annotation" or "label" or "field" or "ref" or "mount" or "selector" or "path" or "file"))
        {
            return false;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (Array.IndexOf(s_secretWords, words[i]) >= 0 || (words[i] == "api" && i + 1 < words.Count && words[i + 1] == "key")
                || (words[i] is "access" or "private" or "secret" && i + 1 < words.Count && words[i + 1] == "key"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether a key ending in "secret" holds the name of a Kubernetes Secret (a DNS label with a dash, such as seldon-tls), not its content.</summary>
    private static bool NamesSecretResource(string name, string value) =>
        name.EndsWith("secret", StringComparison.OrdinalIgnoreCase) && DnsLabel().IsMatch(value) && value.Contains('-', StringComparison.Ordinal);

    /// <summary>Returns whether a value names something (an environment variable such as AWS_ACCESS_KEY_ID, an annotation key) rather than being a secret.</summary>
    private static bool LooksLikeName(string value) => EnvVarName().IsMatch(value) || AnnotationKey().IsMatch(value);

    private static bool LooksLikeLiteralSecret(string value)
    {
        if (value.Length < 6 || value.Contains("${", StringComparison.Ordinal) || value.Contains("$(", StringComparison.Ordinal)
            || value.Contains("{{", StringComparison.Ordinal) || value.StartsWith('/') || value.StartsWith('<') || value.StartsWith('$')
            || value.Contains("://", StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var lower = value.ToLowerInvariant();
        if (lower is "true" or "false" or "changeme" or "required" or "optional" or "disabled" or "enabled" || value.Distinct().Count() <= 2)
        {
            return false;
        }

        return !value.All(char.IsDigit);
    }

    private static (string Kind, Regex Regex)[] Shapes { get; } =
    [
        ("private key block", PrivateKey()),
        ("AWS access key id", AwsKey()),
        ("GitHub token", GitHubToken()),
        ("OpenAI / Anthropic API key", OpenAiKey()),
        ("Hugging Face token", HuggingFaceToken()),
        ("Slack token", SlackToken()),
        ("Google API key", GoogleKey()),
        ("JSON web token", Jwt()),
        ("password in a URL", UrlCredentials()),
    ];

    [GeneratedRegex(@"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"\bhf_[A-Za-z0-9]{30,}", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex HuggingFaceToken();

    [GeneratedRegex(@"\bxox[abprs]-[A-Za-z0-9\-]{10,}", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex GoogleKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.\-]*://[^/\s:@]+:(?!\$\{|\$\()[^@\s/]{3,}@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, PatternTimeouts.PerValue)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"[^a-z0-9]+", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex NameWords();

    [GeneratedRegex(@"([A-Z]+)([A-Z][a-z])", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex AcronymBoundary();

    [GeneratedRegex(@"^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex EnvVarName();

    [GeneratedRegex(@"^[a-z0-9]+(?:[.\-][a-z0-9]+)*\.[a-z]{2,}/[A-Za-z0-9_.\-]+$", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex AnnotationKey();

    [GeneratedRegex(@"([a-z0-9])([A-Z])", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex CamelBoundary();
}
