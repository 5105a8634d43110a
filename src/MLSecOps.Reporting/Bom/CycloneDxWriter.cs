using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLSecOps.Core.Inventory;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Json;
using MLSecOps.Reporting.Sarif;

namespace MLSecOps.Reporting.Bom;

/// <summary>Writes the ML bill of materials (<c>--bom</c>) as CycloneDX 1.6 JSON: models, data sets and serving images as
/// components, findings as vulnerabilities that reference them. The output is stable: everything is sorted, there is no
/// timestamp, and the serial number is derived from the content (docs/governance.md).</summary>
public static class CycloneDxWriter
{
    /// <summary>The CycloneDX specification version written.</summary>
    public const string SpecVersion = "1.6";

    private const string Prefix = "mlsecops:";
    private const string ToolName = "mlsecops";
    private const int MaxPropertyLength = 1000;

    /// <summary>Writes the BOM of <paramref name="report"/> as indented UTF-8 JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">The destination; left open.</param>
    public static void Write(ScanReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var unsigned = Serialise(Build(report, serialNumber: null));
        var document = Build(report, BomSerialNumber.Of(unsigned));
        ReadableJson.Write(stream, json => document.WriteTo(json));
    }

    /// <summary>Returns the BOM of <paramref name="report"/> as a string.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON.</returns>
    public static string ToJson(ScanReport report)
    {
        using var buffer = new MemoryStream();
        Write(report, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static byte[] Serialise(JsonObject document)
    {
        using var buffer = new MemoryStream();
        ReadableJson.Write(buffer, json => document.WriteTo(json));
        return buffer.ToArray();
    }

    private static JsonObject Build(ScanReport report, string? serialNumber)
    {
        var assets = AssetMerge.Merge(report.Gates.SelectMany(g => g.Assets));
        var components = assets.Select(a => (Ref: RefOf(a), Asset: a)).ToList();
        var findings = report.Gates.SelectMany(g => g.Findings).ToList();
        var files = findings.Select(f => f.Finding.Location.Path)
            .Where(path => Affected(path, components).Count == 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var componentNodes = components.Select(c => Component(c.Ref, c.Asset))
            .Concat(files.Select(FileComponent))
            .OrderBy(c => (string)c["bom-ref"]!, StringComparer.Ordinal);
        var document = new JsonObject
        {
            ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = SpecVersion,
        };
        if (serialNumber is not null)
        {
            document["serialNumber"] = serialNumber;
        }

        document["version"] = 1;
        document["metadata"] = Metadata(report);
        document["components"] = new JsonArray([.. componentNodes]);
        document["vulnerabilities"] = new JsonArray([.. Vulnerabilities(findings, components)]);
        return document;
    }

    private static JsonObject Metadata(ScanReport report) => new()
    {
        ["tools"] = new JsonObject
        {
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "application",
                ["name"] = ToolName,
                ["version"] = report.ToolVersion,
                ["description"] = "MLSecOps Gates: security gates for ML repositories",
            }),
        },
        ["component"] = new JsonObject
        {
            ["type"] = "application",
            ["bom-ref"] = "system",
            ["name"] = SystemName(report.RepositoryRoot),
        },
        ["properties"] = Properties(new Dictionary<string, string>
        {
            ["decision"] = report.Decision.Name,
            ["fail-on"] = report.Decision.FailOn?.ToName() ?? "none",
            ["gates"] = string.Join(", ", report.Gates.Select(g => g.Gate)),
        }),
    };

    private static string SystemName(string root) => Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) is { Length: > 0 } name ? name : "repository";

    private static string RefOf(Asset asset) => asset.Kind switch
    {
        AssetKind.Model => "model:" + asset.Key,
        AssetKind.Dataset => "data:" + asset.Key,
        _ => "image:" + asset.Key,
    };

    private static JsonObject Component(string bomRef, Asset asset)
    {
        var component = new JsonObject
        {
            ["type"] = asset.Kind switch { AssetKind.Model => "machine-learning-model", AssetKind.Dataset => "data", _ => "container" },
            ["bom-ref"] = bomRef,
            ["name"] = asset.Name ?? (asset.Kind == AssetKind.ContainerImage ? asset.Key : asset.Key[(asset.Key.LastIndexOf('/') + 1)..]),
        };
        if (asset.Version is { } version)
        {
            component["version"] = version;
        }

        if (asset.Hashes.Count > 0)
        {
            component["hashes"] = new JsonArray([.. asset.Hashes.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => new JsonObject { ["alg"] = h.Key, ["content"] = h.Value })]);
        }

        if (asset.License is { } license)
        {
            component["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["name"] = license } });
        }

        if (asset.Kind == AssetKind.ContainerImage && Purl(asset) is { } purl)
        {
            component["purl"] = purl;
        }

        if (asset.BaseModel is { } baseModel)
        {
            component["pedigree"] = new JsonObject
            {
                ["ancestors"] = new JsonArray(new JsonObject { ["type"] = "machine-learning-model", ["name"] = baseModel }),
            };
        }

        if (asset.Kind == AssetKind.Dataset)
        {
            component["data"] = new JsonArray(Dataset(asset));
        }

        if (asset.Kind == AssetKind.Model && asset.Card.Count > 0)
        {
            component["modelCard"] = ModelCardWriter.ModelCard(asset.Card);
        }

        var properties = new Dictionary<string, string>(asset.Properties, StringComparer.Ordinal)
        {
            ["files"] = string.Join(", ", asset.Files),
        };
        if (asset.Kind != AssetKind.ContainerImage)
        {
            properties["path"] = asset.Key;
        }

        AddIfKnown(properties, "format", asset.Format);
        AddIfKnown(properties, "framework", asset.Framework);
        AddIfKnown(properties, "size", asset.Size?.ToString(CultureInfo.InvariantCulture));
        if (asset.Kind == AssetKind.Dataset)
        {
            foreach (var (field, value) in asset.Card)
            {
                properties["card:" + field] = value;
            }
        }

        component["properties"] = Properties(properties);
        return component;
    }

    private static JsonObject Dataset(Asset asset)
    {
        var data = new JsonObject { ["type"] = "dataset", ["name"] = asset.Key };
        if (asset.Properties.TryGetValue("rows", out var rows))
        {
            var columns = asset.Properties.TryGetValue("columns", out var c) ? $"; columns: {c}" : "";
            data["description"] = Cap($"{rows} rows{columns}");
        }

        return data;
    }

    private static string? Purl(Asset asset)
    {
        if (!asset.Hashes.TryGetValue(FileDigest.Sha256, out var digest) || asset.Name is not { } qualified)
        {
            return null;
        }

        var repository = qualified.ToLowerInvariant();
        var name = repository[(repository.LastIndexOf('/') + 1)..];
        var tag = asset.Version is { } t ? "&tag=" + Uri.EscapeDataString(t) : "";
        return $"pkg:oci/{Uri.EscapeDataString(name)}@sha256%3A{digest}?repository_url={Uri.EscapeDataString(repository)}{tag}";
    }

    private static JsonObject FileComponent(string path) => new()
    {
        ["type"] = "file",
        ["bom-ref"] = "file:" + path,
        ["name"] = path,
    };

    /// <summary>Returns the component a finding at <paramref name="path"/> affects: the asset with that key, else the asset
    /// whose files name it (an image's deployment config, a data set's DVC pointer).</summary>
    private static IReadOnlyList<string> Affected(string path, IReadOnlyList<(string Ref, Asset Asset)> components)
    {
        var own = components.Where(c => c.Asset.Kind != AssetKind.ContainerImage && c.Asset.Key == path).Select(c => c.Ref).ToList();
        return own.Count > 0 ? own : [.. components.Where(c => c.Asset.Files.Contains(path, StringComparer.Ordinal)).Select(c => c.Ref)];
    }

    private static IEnumerable<JsonObject> Vulnerabilities(IReadOnlyList<EvaluatedFinding> findings, IReadOnlyList<(string Ref, Asset Asset)> components)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var evaluated in findings.OrderBy(f => f.Finding.Fingerprint, StringComparer.Ordinal).ThenBy(f => f.Finding.Location.StartLine))
        {
            var finding = evaluated.Finding;
            var count = used[finding.Fingerprint] = used.GetValueOrDefault(finding.Fingerprint) + 1;
            var bomRef = "finding:" + finding.Fingerprint + (count > 1 ? "-" + count.ToString(CultureInfo.InvariantCulture) : "");
            var affected = Affected(finding.Location.Path, components) is { Count: > 0 } refs ? refs : ["file:" + finding.Location.Path];
            yield return Vulnerability(bomRef, evaluated, affected);
        }
    }

    private static JsonObject Vulnerability(string bomRef, EvaluatedFinding evaluated, IReadOnlyList<string> affected)
    {
        var finding = evaluated.Finding;
        var rule = finding.Rule;
        var vulnerability = new JsonObject
        {
            ["bom-ref"] = bomRef,
            ["id"] = rule.Id,
            ["source"] = new JsonObject { ["name"] = "MLSecOps Gates", ["url"] = rule.HelpUri.AbsoluteUri },
            ["ratings"] = new JsonArray(Rating(finding.Severity)),
        };
        var cwes = rule.Standards.Where(s => s.StartsWith("CWE-", StringComparison.Ordinal))
            .Select(s => int.TryParse(s[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)
            .Distinct()
            .Order()
            .ToList();
        if (cwes.Count > 0)
        {
            vulnerability["cwes"] = new JsonArray([.. cwes.Select(id => JsonValue.Create(id))]);
        }

        vulnerability["description"] = rule.Title;
        vulnerability["detail"] = Cap(finding.Evidence is { Length: > 0 } evidence ? $"{finding.Message} Evidence: {evidence}" : finding.Message);
        vulnerability["recommendation"] = Cap(rule.HelpMarkdown);
        vulnerability["advisories"] = new JsonArray(new JsonObject { ["title"] = $"{rule.Id}: {rule.Title}", ["url"] = rule.HelpUri.AbsoluteUri });
        if (evaluated.Suppression is { } suppression)
        {
            vulnerability["analysis"] = Analysis(suppression);
        }

        vulnerability["affects"] = new JsonArray([.. affected.Order(StringComparer.Ordinal).Select(r => new JsonObject { ["ref"] = r })]);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gate"] = finding.Gate,
            ["location"] = finding.Location.ToString() + (finding.Location.LogicalPath is { } logical ? $" ({logical})" : ""),
            ["fingerprint"] = finding.Fingerprint,
            ["blocking"] = evaluated.Blocking ? "true" : "false",
        };
        AddIfKnown(properties, "standards", rule.Standards.Count > 0 ? string.Join(", ", rule.Standards) : null);
        vulnerability["properties"] = Properties(properties);
        return vulnerability;
    }

    private static JsonObject Rating(Severity severity)
    {
        var rating = new JsonObject { ["source"] = new JsonObject { ["name"] = "MLSecOps Gates" } };
        if (SarifSeverityMap.SecuritySeverity(severity) is { } score && double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            rating["score"] = value;
        }

        rating["severity"] = severity.ToName();
        rating["method"] = "other";
        return rating;
    }

    /// <summary>Maps how a finding was suppressed to CycloneDX impact analysis: a waiver is an accepted risk that will not be
    /// fixed before it expires, a baseline entry is still in triage, an in-source ignore says the code is not affected.</summary>
    private static JsonObject Analysis(Suppression suppression)
    {
        var analysis = new JsonObject();
        switch (suppression.Source)
        {
            case "waiver":
                analysis["state"] = "exploitable";
                analysis["response"] = new JsonArray("will_not_fix");
                break;
            case "baseline":
                analysis["state"] = "in_triage";
                break;
            default:
                analysis["state"] = "not_affected";
                break;
        }

        var until = suppression.Expires is { } expires ? $" (waived until {expires:yyyy-MM-dd})" : "";
        analysis["detail"] = Cap($"{suppression.Source}: {suppression.Justification}{until}");
        return analysis;
    }

    private static void AddIfKnown(Dictionary<string, string> properties, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties[name] = value;
        }
    }

    /// <summary>Returns CycloneDX properties (name/value pairs) sorted by name, each name in the <c>mlsecops:</c> namespace.</summary>
    internal static JsonArray Properties(IEnumerable<KeyValuePair<string, string>> properties) =>
        new([.. properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new JsonObject { ["name"] = Prefix + p.Key, ["value"] = Cap(p.Value) })]);

    internal static string Cap(string text) => text.Length <= MaxPropertyLength ? text : text[..(MaxPropertyLength - 1)] + "…";
}
