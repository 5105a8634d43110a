using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MLSecOps.AzureDevOps.Rest;

/// <summary>The fields of a pull request thread (<c>GitPullRequestCommentThread</c>) the thread publisher reads.</summary>
internal sealed record PullRequestThread(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("isDeleted")] bool IsDeleted,
    [property: JsonPropertyName("properties")] Dictionary<string, JsonElement>? Properties,
    [property: JsonPropertyName("comments")] IReadOnlyList<PullRequestComment>? Comments)
{
    /// <summary>Gets whether the thread is open.</summary>
    public bool IsActive => string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase) || Status == "1";

    /// <summary>Gets the first comment, the one the publisher wrote.</summary>
    public PullRequestComment? First => Comments?.OrderBy(c => c.Id).FirstOrDefault();

    /// <summary>Reads a thread from the list answer.</summary>
    public static PullRequestThread? From(JsonObject json) => json.Deserialize(PullRequestThreadJsonContext.Default.PullRequestThread);

    /// <summary>Returns a string property: the service answers <c>{"$type": "System.String", "$value": "..."}</c>.</summary>
    public string? Property(string name)
    {
        if (Properties is null || !Properties.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("$value", out var inner) && inner.ValueKind == JsonValueKind.String => inner.GetString(),
            _ => null,
        };
    }

    /// <summary>Returns a property as the service stores it.</summary>
    public static JsonObject StringProperty(string value) => new() { ["$type"] = "System.String", ["$value"] = value };
}

/// <summary>The fields of a pull request comment the thread publisher reads.</summary>
internal sealed record PullRequestComment(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("content")] string? Content);

/// <summary>Source-generated reading of threads with the web defaults (camelCase, case-insensitive, numbers in strings): no reflection, so NativeAOT keeps it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PullRequestThread))]
internal sealed partial class PullRequestThreadJsonContext : JsonSerializerContext;
