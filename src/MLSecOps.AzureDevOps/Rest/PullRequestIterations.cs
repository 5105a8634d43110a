using System.Text.Json.Nodes;

namespace MLSecOps.AzureDevOps.Rest;

/// <summary>Finds the pull request iteration (push) a build validates, so statuses reset on new changes.</summary>
internal static class PullRequestIterations
{
    /// <summary>Returns the iteration whose source commit is the one the build validates, else the newest, else <see langword="null"/>.</summary>
    public static async Task<int?> FindAsync(AzureDevOpsRestClient client, PullRequestStatusTarget target, CancellationToken cancellationToken)
    {
        int? newest = null;
        await foreach (var iteration in client.GetAllAsync(target.PullRequestUri("iterations"), "read the pull request iterations", cancellationToken).ConfigureAwait(false))
        {
            if (IdOf(iteration) is not { } id)
            {
                continue;
            }

            if (target.SourceCommitId is { } commit && string.Equals(CommitOf(iteration), commit, StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }

            newest = Math.Max(newest ?? id, id);
        }

        return newest;
    }

    private static int? IdOf(JsonObject iteration) =>
        iteration["id"] is JsonValue value && value.TryGetValue<int>(out var id) && id > 0 ? id : null;

    private static string? CommitOf(JsonObject iteration) =>
        iteration["sourceRefCommit"]?["commitId"] is JsonValue value && value.TryGetValue<string>(out var commit) ? commit : null;
}
