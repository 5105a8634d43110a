namespace MLSecOps.Cli.Tests;

/// <summary>The variables a GitHub runner sets for a <c>pull_request</c> job of acme/fraud-model (pull request 42).</summary>
internal static class PullRequestRunner
{
    /// <summary>Returns the job's environment: the event file at <c>_runner/event.json</c> in <paramref name="workspace"/>, the API at <paramref name="apiUrl"/>, the action's token.</summary>
    public static Dictionary<string, string> Environment(string workspace, string apiUrl, string token) => new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_WORKSPACE"] = workspace,
        ["GITHUB_EVENT_NAME"] = "pull_request",
        ["GITHUB_EVENT_PATH"] = Path.Combine(workspace, "_runner/event.json"),
        ["GITHUB_REPOSITORY"] = "acme/fraud-model",
        ["GITHUB_SHA"] = "1111111111111111111111111111111111111111",
        ["GITHUB_REF"] = "refs/pull/42/merge",
        ["GITHUB_API_URL"] = apiUrl,
        ["INPUT_TOKEN"] = token,
    };
}
