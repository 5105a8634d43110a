using System.Collections;

namespace MLSecOps.GitHub.Tests;

public sealed class GitHubInputsTests
{
    private static readonly string[] s_options = ["--policy", "--fail-on", "--sarif", "--upload-sarif", "--pr-comment"];

    [Test]
    public void ExtraArguments_InputsSet_AppendsThoseNotGivenExplicitly()
    {
        var env = Env(("GITHUB_ACTIONS", "true"), ("INPUT_FAIL-ON", "medium"), ("INPUT_POLICY", "  "), ("INPUT_SARIF", "out.sarif"), ("INPUT_UPLOAD-SARIF", "false"));

        var extra = GitHubInputs.ExtraArguments(s_options, ["model-scan", "--sarif=explicit.sarif"], env);

        Assert.That(extra, Is.EqualTo(new[] { "--fail-on", "medium", "--upload-sarif", "false" }));
    }

    [Test]
    public void ExtraArguments_ExplicitOptionAsSeparateToken_Wins()
    {
        var env = Env(("GITHUB_ACTIONS", "true"), ("INPUT_FAIL-ON", "medium"));

        Assert.That(GitHubInputs.ExtraArguments(s_options, ["--fail-on", "critical"], env), Is.Empty);
    }

    [Test]
    public void ExtraArguments_OutsideGitHubActions_ReturnsNothing()
    {
        var env = Env(("INPUT_FAIL-ON", "medium"));

        Assert.That(GitHubInputs.ExtraArguments(s_options, [], env), Is.Empty);
    }

    [Test]
    public void Path_InputSet_ReturnsIt()
    {
        Assert.That(GitHubInputs.Path(Env(("GITHUB_ACTIONS", "true"), ("INPUT_PATH", "models"))), Is.EqualTo("models"));
        Assert.That(GitHubInputs.Path(Env(("GITHUB_ACTIONS", "true"), ("INPUT_PATH", ""))), Is.Null);
    }

    internal static Hashtable Env(params (string Key, string Value)[] pairs)
    {
        var table = new Hashtable();
        foreach (var (key, value) in pairs)
        {
            table[key] = value;
        }

        return table;
    }
}
