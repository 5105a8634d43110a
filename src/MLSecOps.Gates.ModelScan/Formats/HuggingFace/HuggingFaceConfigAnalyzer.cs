using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.ChatTemplates;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.HuggingFace;

/// <summary>Hugging Face configs (<c>config.json</c>, <c>tokenizer_config.json</c>, ...): custom code in <c>auto_map</c>, chat templates, and the shard names of checkpoint indexes.</summary>
internal sealed class HuggingFaceConfigAnalyzer : IModelFileAnalyzer
{
    /// <summary>The largest config read; tokenizer configs with large vocabularies stay below it.</summary>
    public const int MaxConfigBytes = 64 * 1024 * 1024;

    private static readonly HashSet<string> ConfigNames = new(StringComparer.Ordinal)
    {
        "config.json", "tokenizer_config.json", "chat_template.json", "processor_config.json", "preprocessor_config.json",
    };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
    [
        HuggingFaceCustomCode.Descriptor, HuggingFaceRemoteCodeReference.Descriptor, ChatTemplateInjection.Descriptor,
        ChatTemplateExternalInclude.Descriptor, ShardIndexEscape.Descriptor, ShardIndexMissingShard.Descriptor, IncompleteScan.Descriptor,
    ];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        var head = probe.Head.Span.TrimStart(" \t\r\n"u8);
        var named = ConfigNames.Contains(probe.FileName) || probe.FileName.EndsWith(".index.json", StringComparison.Ordinal);
        return named && head.Length > 0 && head[0] == (byte)'{';
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        if (probe.File.Length > MaxConfigBytes)
        {
            return [IncompleteScan.Create(path, null, $"the config has {probe.File.Length} bytes, more than {MaxConfigBytes}")];
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                return [IncompleteScan.Create(path, null, "the config is not valid UTF-8")];
            }

            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var folder = Path.GetDirectoryName(probe.File.FullPath)!;
            var findings = new List<Finding>();
            CheckAutoMap(path, folder, document.RootElement, bytes, findings);
            CheckChatTemplates(path, document.RootElement, bytes, findings, RegexAllowance.For(settings, cancellationToken));
            CheckWeightMap(path, folder, document.RootElement, bytes, findings);
            return findings;
        }
        catch (JsonException ex)
        {
            return [IncompleteScan.Create(path, null, $"the config is not valid JSON ({ex.Message})")];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [IncompleteScan.Create(path, null, $"the config could not be read ({ex.Message})")];
        }
    }

    private static void CheckAutoMap(string path, string folder, JsonElement root, byte[] json, List<Finding> findings)
    {
        if (root.TryGetProperty("trust_remote_code", out var trust) && trust.ValueKind == JsonValueKind.True)
        {
            findings.Add(HuggingFaceCustomCode.Create(path, "trust_remote_code", "The config sets trust_remote_code, so loaders run the model's own Python code.", "trust_remote_code", JsonKeyLines.LineOf(json, "trust_remote_code")));
        }

        if (!root.TryGetProperty("auto_map", out var autoMap) || autoMap.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in autoMap.EnumerateObject())
        {
            // Tokenizers map to [slow, fast] pairs, either of which may be null.
            var references = entry.Value.ValueKind switch
            {
                JsonValueKind.String => [entry.Value.GetString()!],
                JsonValueKind.Array => entry.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
                _ => [],
            };
            foreach (var reference in references.Where(seen.Add))
            {
                findings.Add(CheckReference(path, folder, $"auto_map.{entry.Name}", reference, JsonKeyLines.LineOf(json, "auto_map", entry.Name)));
            }
        }
    }

    private static Finding CheckReference(string path, string folder, string logical, string reference, int line)
    {
        if (reference.Contains("--", StringComparison.Ordinal))
        {
            return HuggingFaceRemoteCodeReference.Create(path, logical, $"'{reference}' loads code from the Hub repository '{reference[..reference.IndexOf("--", StringComparison.Ordinal)]}'.", reference, line);
        }

        var dot = reference.LastIndexOf('.');
        var module = dot > 0 ? reference[..dot] : reference;
        var file = module.Replace('.', '/') + ".py";
        var full = Path.GetFullPath(Path.Combine(folder, file));
        return File.Exists(full) && full.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal)
            ? HuggingFaceCustomCode.Create(path, logical, $"'{reference}' runs the Python file '{file}' shipped with the model.", file, line)
            : HuggingFaceRemoteCodeReference.Create(path, logical, $"'{reference}' needs the Python file '{file}', which is not in the model folder and would be downloaded at load time.", file, line);
    }

    private static void CheckChatTemplates(string path, JsonElement root, byte[] json, List<Finding> findings, RegexAllowance allowance)
    {
        if (!root.TryGetProperty("chat_template", out var template))
        {
            return;
        }

        if (template.ValueKind == JsonValueKind.String)
        {
            findings.AddRange(AtLine(ChatTemplateInspector.Inspect(path, "chat_template", template.GetString()!, allowance), JsonKeyLines.LineOf(json, "chat_template")));
            return;
        }

        if (template.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var named in template.EnumerateArray())
        {
            if (named.ValueKind == JsonValueKind.Object && named.TryGetProperty("template", out var text) && text.ValueKind == JsonValueKind.String)
            {
                var name = named.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var line = JsonKeyLines.LineOf(json, "chat_template", name!, "template");
                findings.AddRange(AtLine(ChatTemplateInspector.Inspect(path, $"chat_template.{name}", text.GetString()!, allowance), line));
            }

            index++;
        }
    }

    // Sharded checkpoints: transformers joins each weight_map value to the model folder and loads it.
    private static void CheckWeightMap(string path, string folder, JsonElement root, byte[] json, List<Finding> findings)
    {
        if (!root.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var directory = Path.GetFullPath(folder);
        var shards = weightMap.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
            .GroupBy(p => p.Value.GetString()!, StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var name = shard.Key;
            var tensor = shard.First().Name;
            var logical = $"weight_map.{tensor}";
            var line = JsonKeyLines.LineOf(json, "weight_map", tensor);
            var full = name.Length == 0 || name.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(name) || name[0] is '\\' or '~'
                ? null
                : Path.GetFullPath(Path.Combine(directory, name.Replace('\\', '/')));
            if (full is null || !full.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                findings.Add(ShardIndexEscape.Create(path, logical, $"Shard '{name}' of tensor '{tensor}' lies outside the model folder.", name, line));
            }
            else if (!File.Exists(full))
            {
                findings.Add(ShardIndexMissingShard.Create(path, logical, $"Shard '{name}' of tensor '{tensor}' is not in the model folder.", name, line));
            }
        }
    }

    private static IEnumerable<Finding> AtLine(IEnumerable<Finding> findings, int line) =>
        findings.Select(f => f with { Location = f.Location with { StartLine = line } });
}
