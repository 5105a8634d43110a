using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.HuggingFace;

/// <summary>Model configs (<c>config.json</c>, <c>*_config.json</c>, <c>model_index.json</c>, shard indexes): every string value, for URLs to foreign hosts and shell commands.</summary>
internal sealed partial class ModelConfigValueAnalyzer : IModelFileAnalyzer
{
    private const int MaxConfigBytes = 16 * 1024 * 1024;
    private const int MaxFindings = 50;

    // Model hubs and code hosts whose URLs are what a model config normally names; subdomains count, look-alike hosts do not.
    private static readonly string[] TrustedHosts =
    [
        "huggingface.co", "hf.co", "github.com", "githubusercontent.com", "pytorch.org", "tensorflow.org", "tfhub.dev", "kaggle.com",
        "modelscope.cn", "arxiv.org",
    ];

    private static readonly HuggingFaceConfigAnalyzer HuggingFaceConfig = new();

    // Configs of web tooling that happen to have "config" in their name.
    private static readonly HashSet<string> WebConfigs = new(StringComparer.Ordinal) { "package.json", "tsconfig.json", "jsconfig.json", "webpack.config.json" };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [ModelConfigUntrustedUrl.Descriptor, ModelConfigShellCommand.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var name = probe.FileName;
        var head = probe.Head.Span.TrimStart(" \t\r\n"u8);
        var configName = name.EndsWith(".json", StringComparison.Ordinal) && !name.Contains("tokenizer", StringComparison.Ordinal) && !WebConfigs.Contains(name)
            && (name.Contains("config", StringComparison.Ordinal) || name is "model_index.json" || name.EndsWith(".index.json", StringComparison.Ordinal));
        return configName && head.Length > 0 && head[0] == (byte)'{';
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        if (probe.File.Length > MaxConfigBytes)
        {
            return [IncompleteScan.Create(path, null, $"the config has {probe.File.Length} bytes, more than {MaxConfigBytes}") with { Severity = Severity.Medium }];
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                // Loaders refuse it; the Hugging Face config reader reports its own names.
                return HuggingFaceConfig.Accepts(probe) ? [] : [IncompleteScan.Create(path, null, "the config is not valid UTF-8") with { Severity = Severity.Medium }];
            }

            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true });
            var findings = new List<Finding>();
            Walk(path, bytes, document.RootElement, "", findings, cancellationToken);
            return findings;
        }
        catch (JsonException ex)
        {
            // The Hugging Face config reader already reports invalid configs of its own names.
            return HuggingFaceConfig.Accepts(probe) ? [] : [IncompleteScan.Create(path, null, $"the config is not valid JSON ({ex.Message})") with { Severity = Severity.Medium }];
        }
        catch (RegexMatchTimeoutException)
        {
            return [IncompleteScan.Create(path, null, "a config value is too long to check in time") with { Severity = Severity.Medium }];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(path, null, $"the config could not be read ({ex.Message})")];
        }
    }

    /// <summary>Returns whether <paramref name="host"/> is a trusted hub or one of its subdomains.</summary>
    public static bool IsTrustedHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var h = host.TrimEnd('.').ToLowerInvariant();
        return TrustedHosts.Any(t => h == t || h.EndsWith("." + t, StringComparison.Ordinal));
    }

    private static void Walk(string path, byte[] json, JsonElement element, string where, List<Finding> findings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (findings.Count >= MaxFindings)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(path, json, property.Value, where.Length == 0 ? property.Name : $"{where}.{property.Name}", findings, cancellationToken);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(path, json, item, $"{where}[{i++}]", findings, cancellationToken);
                }

                break;
            case JsonValueKind.String:
                Inspect(path, json, where, element.GetString()!, findings);
                break;
            default:
                break;
        }
    }

    private static void Inspect(string path, byte[] json, string where, string value, List<Finding> findings)
    {
        foreach (Match match in UrlPattern().Matches(value))
        {
            if (!Uri.TryCreate(match.Value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || IsTrustedHost(uri.Host))
            {
                continue;
            }

            findings.Add(ModelConfigUntrustedUrl.Create(
                path, where, $"`{where}` points to `{match.Value}`, on the host `{uri.Host}`, which is not a known model hub.", match.Value, LineOf(json, match.Value)));
        }

        if (ShellPattern().Match(value) is { Success: true } command)
        {
            findings.Add(ModelConfigShellCommand.Create(
                path, where, $"`{where}` holds the shell command `{value}`; a config has no reason to carry one, and whatever reads it runs it.", command.Value, LineOf(json, value)));
        }
    }

    private static int LineOf(byte[] json, string text)
    {
        var at = json.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        return at < 0 ? 1 : json.AsSpan(0, at).Count((byte)'\n') + 1;
    }

    [GeneratedRegex(@"\b(?:https?|ftp|s3|gs|wss?)://[^\s""'<>`]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(
        @"\brm\s+-[a-z]*[rf][a-z]*\s|\b(?:curl|wget)\b[^|;]*\|\s*(?:sudo\s+)?(?:ba|z)?sh\b|\b(?:ba|z)?sh\s+-c\s|/bin/(?:ba|z)?sh\b|\bnc\s+(?:-\w+\s+)*-[el]\b|\bpowershell(?:\.exe)?\s+-|\bpython[23]?\s+-c\s|\bchmod\s+\+x\s|\bmkfifo\s",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ShellPattern();
}
