using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLSecOps.GitHub.Api;

/// <summary>Splits a SARIF log into uploads that fit GitHub's limits, cutting least severe results first when it must.</summary>
/// <param name="Uploads">The gzip-compressed SARIF files to upload, in order.</param>
/// <param name="Notices">What was split or cut, one line each.</param>
internal sealed record SarifUploadPlan(IReadOnlyList<SarifUploadPlan.Upload> Uploads, IReadOnlyList<string> Notices)
{
    /// <summary>Plans the uploads of one SARIF log.</summary>
    /// <param name="sarif">The SARIF log as UTF-8 JSON.</param>
    /// <param name="limits">The limits to respect.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="JsonException">The log is not JSON or has no <c>runs</c> array.</exception>
    public static SarifUploadPlan Create(ReadOnlySpan<byte> sarif, SarifUploadLimits limits)
    {
        var log = JsonNode.Parse(sarif, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }) as JsonObject
            ?? throw new JsonException("The SARIF log is not a JSON object.");
        var runs = (log["runs"] as JsonArray ?? throw new JsonException("The SARIF log has no runs array."))
            .OfType<JsonObject>().ToList();
        var notices = new List<string>();
        foreach (var run in runs)
        {
            var results = Results(run);
            if (results.Count > limits.MaxResultsPerRun)
            {
                notices.Add($"{Category(run)}: kept the {limits.MaxResultsPerRun} most severe of {results.Count} results (GitHub's per-run limit); the SARIF file has them all.");
                KeepMostSevere(run, limits.MaxResultsPerRun);
            }
        }

        var uploads = new List<Upload>();
        foreach (var group in Group(runs, limits.MaxRunsPerUpload))
        {
            Fit(log, group, limits, uploads, notices);
        }

        if (uploads.Count > 1)
        {
            notices.Add($"The SARIF log was split into {uploads.Count} uploads to respect GitHub's limits.");
        }

        return new SarifUploadPlan(uploads, notices);
    }

    /// <summary>Gzip-compresses JSON text.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The compressed bytes.</returns>
    internal static byte[] Gzip(byte[] json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return buffer.ToArray();
    }

    private static void Fit(JsonObject log, List<JsonObject> runs, SarifUploadLimits limits, List<Upload> uploads, List<string> notices)
    {
        var gzip = Gzip(Serialize(log, runs));
        if (gzip.Length <= limits.MaxGzipBytes)
        {
            uploads.Add(new Upload(gzip, runs.Select(Category).ToList(), runs.Sum(r => Results(r).Count)));
            return;
        }

        if (runs.Count > 1)
        {
            var half = runs.Count / 2;
            Fit(log, runs[..half], limits, uploads, notices);
            Fit(log, runs[half..], limits, uploads, notices);
            return;
        }

        var run = runs[0];
        var count = Results(run).Count;
        if (count == 0)
        {
            notices.Add($"{Category(run)}: the run alone is larger than GitHub's {limits.MaxGzipBytes} byte limit and was not uploaded.");
            return;
        }

        var keep = count / 2;
        notices.Add($"{Category(run)}: kept the {keep} most severe of {count} results to stay under GitHub's {limits.MaxGzipBytes} byte upload limit.");
        KeepMostSevere(run, keep);
        Fit(log, runs, limits, uploads, notices);
    }

    private static IEnumerable<List<JsonObject>> Group(List<JsonObject> runs, int maxRuns)
    {
        // Runs with the same category cannot share an upload, and at most maxRuns fit in one.
        var group = new List<JsonObject>();
        foreach (var run in runs)
        {
            if (group.Count == maxRuns || group.Any(r => Category(r) == Category(run)))
            {
                yield return group;
                group = [];
            }

            group.Add(run);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private static byte[] Serialize(JsonObject log, List<JsonObject> runs)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in log)
        {
            copy[name] = name == "runs" ? new JsonArray(runs.Select(r => r.DeepClone()).ToArray()) : value?.DeepClone();
        }

        // Written by the node itself, not JsonSerializer: the serializer's JsonNode path is reflection-based (NativeAOT).
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            copy.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void KeepMostSevere(JsonObject run, int keep)
    {
        var severity = RuleSeverities(run);
        var kept = Results(run)
            .Select((result, index) => (result, index))
            .OrderByDescending(r => LevelRank(r.result))
            .ThenByDescending(r => SecuritySeverity(r.result, severity))
            .ThenBy(r => r.index)
            .Take(keep)
            .OrderBy(r => r.index)
            .Select(r => r.result!.DeepClone())
            .ToArray();
        run["results"] = new JsonArray(kept);
    }

    private static List<JsonNode?> Results(JsonObject run) => run["results"] is JsonArray results ? [.. results] : [];

    private static string Category(JsonObject run) =>
        run["automationDetails"]?["id"]?.GetValueKind() == JsonValueKind.String ? run["automationDetails"]!["id"]!.GetValue<string>() : "(no category)";

    private static int LevelRank(JsonNode? result) => (result?["level"]?.GetValueKind() == JsonValueKind.String ? result["level"]!.GetValue<string>() : "warning") switch
    {
        "error" => 3,
        "warning" => 2,
        "note" => 1,
        _ => 0,
    };

    private static double SecuritySeverity(JsonNode? result, Dictionary<string, double> severities)
    {
        var ruleId = result?["ruleId"]?.GetValueKind() == JsonValueKind.String ? result["ruleId"]!.GetValue<string>() : null;
        return ruleId is not null && severities.TryGetValue(ruleId, out var value) ? value : 0;
    }

    private static Dictionary<string, double> RuleSeverities(JsonObject run)
    {
        var severities = new Dictionary<string, double>(StringComparer.Ordinal);
        if (run["tool"]?["driver"]?["rules"] is not JsonArray rules)
        {
            return severities;
        }

        foreach (var rule in rules.OfType<JsonObject>())
        {
            var id = rule["id"]?.GetValueKind() == JsonValueKind.String ? rule["id"]!.GetValue<string>() : null;
            var text = rule["properties"]?["security-severity"]?.GetValueKind() == JsonValueKind.String
                ? rule["properties"]!["security-severity"]!.GetValue<string>()
                : null;
            if (id is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                severities[id] = value;
            }
        }

        return severities;
    }

    /// <summary>One upload: a gzip-compressed SARIF log.</summary>
    /// <param name="Gzip">The compressed log.</param>
    /// <param name="Categories">The categories of its runs.</param>
    /// <param name="ResultCount">How many results it holds.</param>
    internal sealed record Upload(byte[] Gzip, IReadOnlyList<string> Categories, int ResultCount);
}
