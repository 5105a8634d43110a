using System.Text.Json;

namespace MLSecOps.GitHub;

/// <summary>The pull request a run is for, as its event payload describes it.</summary>
/// <param name="Number">The pull request number.</param>
/// <param name="HeadSha">The head commit (<c>pull_request.head.sha</c>), not the test merge commit.</param>
/// <param name="HeadRef">The head branch (<c>pull_request.head.ref</c>).</param>
/// <param name="IsFromFork">Whether the head lives in another repository, whose token is read-only.</param>
public sealed record PullRequestInfo(int Number, string HeadSha, string? HeadRef, bool IsFromFork)
{
    /// <summary>Reads the pull request from an event payload.</summary>
    /// <param name="payload">The payload's root element.</param>
    /// <returns>The pull request, or <see langword="null"/> when the event has none.</returns>
    public static PullRequestInfo? FromEventPayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("pull_request", out var pr) || pr.ValueKind != JsonValueKind.Object
            || !pr.TryGetProperty("number", out var number) || !number.TryGetInt32(out var n)
            || String(pr, "head", "sha") is not { } headSha)
        {
            return null;
        }

        var headRepo = String(pr, "head", "repo", "full_name");
        var baseRepo = String(pr, "base", "repo", "full_name") ?? String(payload, "repository", "full_name");
        // A deleted head repository is treated like a fork: its token is just as read-only.
        var fork = headRepo is not null && baseRepo is not null
            ? !string.Equals(headRepo, baseRepo, StringComparison.OrdinalIgnoreCase)
            : headRepo is null || Boolean(pr, "head", "repo", "fork") == true;
        return new PullRequestInfo(n, headSha, String(pr, "head", "ref"), fork);
    }

    private static string? String(JsonElement element, params string[] path) =>
        Walk(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static bool? Boolean(JsonElement element, params string[] path) =>
        Walk(element, path) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    private static JsonElement? Walk(JsonElement element, string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }
}
