using Microsoft.CodeAnalysis.Sarif;
using SarifLocation = Microsoft.CodeAnalysis.Sarif.Location;
using SarifSuppression = Microsoft.CodeAnalysis.Sarif.Suppression;
using SarifSuppressionKind = Microsoft.CodeAnalysis.Sarif.SuppressionKind;

namespace MLSecOps.Reporting.Sarif;

/// <summary>Writes the part of the Sarif.Sdk object model that <see cref="SarifLogBuilder"/> fills, in the SDK's property
/// order and with its default-value rules, without reflection: serialising through Newtonsoft's contract resolver cost
/// about a third of a small scan's time in start-up, and trimming (NativeAOT) removed the members it reflects on.</summary>
/// <remarks>SarifLogJsonTests checks the output byte for byte against the SDK's own Newtonsoft serialisation, so a
/// property the builder starts to fill and this writer misses fails there.</remarks>
internal static class SarifLogJson
{
    public static void Write(SarifLog log, TextWriter writer)
    {
        var json = new SarifJsonText(writer);
        json.StartObject();
        json.Property("$schema", UriText(log.SchemaUri));
        json.Property("version", "2.1.0");
        json.Name("runs");
        Array(json, log.Runs, WriteRun);
        json.EndObject();
    }

    private static void WriteRun(SarifJsonText json, Run run)
    {
        json.StartObject();
        json.Name("tool");
        json.StartObject();
        json.Name("driver");
        WriteDriver(json, run.Tool.Driver);
        json.EndObject();
        if (run.OriginalUriBaseIds is { Count: > 0 } bases)
        {
            json.Name("originalUriBaseIds");
            json.StartObject();
            foreach (var (id, location) in bases)
            {
                json.Name(id);
                WriteArtifactLocation(json, location);
            }

            json.EndObject();
        }

        if (run.Results is not null)
        {
            json.Name("results");
            Array(json, run.Results, WriteResult);
        }

        if (run.AutomationDetails is { } automation)
        {
            json.Name("automationDetails");
            json.StartObject();
            json.Property("id", automation.Id);
            json.EndObject();
        }

        json.Property("columnKind", run.ColumnKind == ColumnKind.Utf16CodeUnits ? "utf16CodeUnits" : "unicodeCodePoints");
        WriteProperties(json, run);
        json.EndObject();
    }

    private static void WriteDriver(SarifJsonText json, ToolComponent driver)
    {
        json.StartObject();
        json.Property("name", driver.Name);
        json.Property("version", driver.Version);
        json.Property("semanticVersion", driver.SemanticVersion);
        json.Property("informationUri", UriText(driver.InformationUri));
        // GitHub rejects a driver without a rules array (GH1018), even an empty one.
        if (driver.Rules is not null)
        {
            json.Name("rules");
            Array(json, driver.Rules, WriteRule);
        }

        json.EndObject();
    }

    private static void WriteRule(SarifJsonText json, ReportingDescriptor rule)
    {
        json.StartObject();
        json.Property("id", rule.Id);
        json.Property("name", rule.Name);
        WriteMessageString(json, "fullDescription", rule.FullDescription);
        WriteMessageString(json, "help", rule.Help);
        WriteMessageString(json, "shortDescription", rule.ShortDescription);
        if (rule.DefaultConfiguration is { } configuration)
        {
            json.Name("defaultConfiguration");
            json.StartObject();
            json.Property("level", LevelText(configuration.Level));
            json.EndObject();
        }

        json.Property("helpUri", UriText(rule.HelpUri));
        WriteProperties(json, rule);
        json.EndObject();
    }

    private static void WriteMessageString(SarifJsonText json, string name, MultiformatMessageString? message)
    {
        if (message is null)
        {
            return;
        }

        json.Name(name);
        json.StartObject();
        json.Property("text", message.Text);
        json.Property("markdown", message.Markdown);
        json.EndObject();
    }

    private static void WriteResult(SarifJsonText json, Result result)
    {
        json.StartObject();
        json.Property("ruleId", result.RuleId);
        if (result.RuleIndex >= 0)
        {
            json.Name("ruleIndex");
            json.Number(result.RuleIndex);
        }

        // Always written (Newtonsoft left the SDK's default out): a result without a level inherits its rule's, so a
        // medium finding of a high rule would show as an error.
        json.Property("level", LevelText(result.Level));
        json.Name("message");
        json.StartObject();
        json.Property("text", result.Message.Text);
        json.EndObject();
        if (result.Locations is not null)
        {
            json.Name("locations");
            Array(json, result.Locations, WriteLocation);
        }

        WriteStringMap(json, "partialFingerprints", result.PartialFingerprints);
        WriteStringMap(json, "fingerprints", result.Fingerprints);
        if (result.Suppressions is not null)
        {
            json.Name("suppressions");
            Array(json, result.Suppressions, WriteSuppression);
        }

        WriteProperties(json, result);
        json.EndObject();
    }

    private static void WriteLocation(SarifJsonText json, SarifLocation location)
    {
        json.StartObject();
        if (location.PhysicalLocation is { } physical)
        {
            json.Name("physicalLocation");
            json.StartObject();
            json.Name("artifactLocation");
            WriteArtifactLocation(json, physical.ArtifactLocation);
            if (physical.Region is { } region)
            {
                json.Name("region");
                json.StartObject();
                Positive(json, "startLine", region.StartLine);
                Positive(json, "startColumn", region.StartColumn);
                Positive(json, "endLine", region.EndLine);
                Positive(json, "endColumn", region.EndColumn);
                json.EndObject();
            }

            json.EndObject();
        }

        if (location.LogicalLocations is not null)
        {
            json.Name("logicalLocations");
            Array(json, location.LogicalLocations, static (j, logical) =>
            {
                j.StartObject();
                j.Property("fullyQualifiedName", logical.FullyQualifiedName);
                j.Property("kind", logical.Kind);
                j.EndObject();
            });
        }

        json.EndObject();
    }

    private static void WriteArtifactLocation(SarifJsonText json, ArtifactLocation location)
    {
        json.StartObject();
        json.Property("uri", UriText(location.Uri));
        json.Property("uriBaseId", location.UriBaseId);
        json.EndObject();
    }

    private static void WriteSuppression(SarifJsonText json, SarifSuppression suppression)
    {
        json.StartObject();
        json.Property("kind", suppression.Kind == SarifSuppressionKind.InSource ? "inSource" : "external");
        json.Property("status", suppression.Status switch
        {
            SuppressionStatus.Accepted => "accepted",
            SuppressionStatus.Rejected => "rejected",
            _ => "underReview",
        });
        json.Property("justification", suppression.Justification);
        json.EndObject();
    }

    private static void WriteStringMap(SarifJsonText json, string name, IDictionary<string, string>? map)
    {
        if (map is null)
        {
            return;
        }

        json.Name(name);
        json.StartObject();
        foreach (var (key, value) in map)
        {
            json.Property(key, value);
        }

        json.EndObject();
    }

    // The SDK keeps each property-bag value as the JSON Newtonsoft made of it when it was set; it is written unchanged.
    private static void WriteProperties(SarifJsonText json, PropertyBagHolder holder)
    {
        if (holder.PropertyNames is not { Count: > 0 } names)
        {
            return;
        }

        json.Name("properties");
        json.StartObject();
        foreach (var name in names)
        {
            if (holder.TryGetSerializedPropertyValue(name, out var value))
            {
                json.Name(name);
                json.Raw(value);
            }
        }

        json.EndObject();
    }

    private static void Positive(SarifJsonText json, string name, int value)
    {
        if (value > 0)
        {
            json.Name(name);
            json.Number(value);
        }
    }

    private static void Array<T>(SarifJsonText json, IEnumerable<T> items, Action<SarifJsonText, T> write)
    {
        json.StartArray();
        foreach (var item in items)
        {
            write(json, item);
        }

        json.EndArray();
    }

    private static string LevelText(FailureLevel level) => level switch
    {
        FailureLevel.Error => "error",
        FailureLevel.Warning => "warning",
        FailureLevel.Note => "note",
        _ => "none",
    };

    private static string? UriText(Uri? uri) => uri is null ? null : uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.OriginalString;
}
