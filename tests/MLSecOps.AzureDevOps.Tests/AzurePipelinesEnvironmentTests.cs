namespace MLSecOps.AzureDevOps.Tests;

public sealed class AzurePipelinesEnvironmentTests
{
    private static readonly Dictionary<string, string?> Variables = new()
    {
        ["TF_BUILD"] = "True",
        ["BUILD_SOURCESDIRECTORY"] = "/home/vsts/work/1/s",
        ["AGENT_TEMPDIRECTORY"] = "/home/vsts/work/_temp",
        ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/",
        ["SYSTEM_TEAMPROJECT"] = "ml",
        ["SYSTEM_TEAMPROJECTID"] = "1b4e",
        ["BUILD_REPOSITORY_ID"] = "9f2c",
        ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "42",
        ["BUILD_BUILDID"] = "1234",
        ["SYSTEM_JOBID"] = "0f8e-77aa-41c2-9d3b",
        ["SYSTEM_PULLREQUEST_SOURCECOMMITID"] = "abc123",
        ["SYSTEM_ACCESSTOKEN"] = "secret-token-value",
    };

    [Test]
    public void FromVariables_AzureAgent_ReadsEveryValue()
    {
        var env = AzurePipelinesEnvironment.FromVariables(Variables);

        Assert.That(env.IsAzurePipelines, Is.True);
        Assert.That(env.SourcesDirectory, Is.EqualTo("/home/vsts/work/1/s"));
        Assert.That(env.AgentTempDirectory, Is.EqualTo("/home/vsts/work/_temp"));
        Assert.That(env.CollectionUri, Is.EqualTo(new Uri("https://dev.azure.com/contoso/")));
        Assert.That((env.TeamProject, env.TeamProjectId, env.RepositoryId, env.BuildId), Is.EqualTo(("ml", "1b4e", "9f2c", "1234")));
        Assert.That(env.PullRequestId, Is.EqualTo(42));
        Assert.That(env.AccessToken, Is.EqualTo("secret-token-value"));
        Assert.That((env.JobId, env.SourceCommitId), Is.EqualTo(("0f8e-77aa-41c2-9d3b", "abc123")));
    }

    [Test]
    public void FromVariables_Empty_IsNotAzure()
    {
        var env = AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?>());

        Assert.That(env.IsAzurePipelines, Is.False);
        Assert.That(env.PullRequestId, Is.Null);
        Assert.That(env.CollectionUri, Is.Null);
    }

    [TestCase("-1")]
    [TestCase("0")]
    [TestCase("$(System.PullRequest.PullRequestId)")]
    public void FromVariables_BadPullRequestId_IsNull(string value)
    {
        var env = AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?> { ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = value });

        Assert.That(env.PullRequestId, Is.Null);
    }

    [Test]
    public void ToString_WithToken_DoesNotPrintIt()
    {
        Assert.That(AzurePipelinesEnvironment.FromVariables(Variables).ToString(), Does.Not.Contain("secret-token-value").And.Contain("AccessToken = ***"));
    }

    [Test]
    public void OptionsFor_AgentTemp_PutsSummaryAndUniquelyNamedSarifCopyThere()
    {
        var options = AzurePipelinesOptions.For(AzurePipelinesEnvironment.FromVariables(Variables), "/out", "/out/mlsecops.sarif", "model-scan-2of4");

        Assert.That(options.SummaryPath, Is.EqualTo(Path.GetFullPath("/home/vsts/work/_temp/mlsecops-model-scan-2of4-0f8e77aa-summary.md")));
        Assert.That(options.ArtifactFileName, Is.EqualTo("mlsecops-model-scan-2of4-0f8e77aa.sarif"));
        Assert.That(options.ArtifactStagingDirectory, Is.EqualTo(Path.GetFullPath("/home/vsts/work/_temp/mlsecops-codeanalysislogs")));
        Assert.That(options.SarifPath, Is.EqualTo(Path.GetFullPath("/out/mlsecops.sarif")));
        Assert.That(options.Summary.SarifPath, Is.EqualTo("/out/mlsecops.sarif"));
    }

    [Test]
    public void OptionsFor_NoAgentTemp_UsesOutputDirectory()
    {
        var options = AzurePipelinesOptions.For(AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?>()), "/out");

        Assert.That(options.SummaryPath, Is.EqualTo(Path.GetFullPath("/out/mlsecops-scan-summary.md")));
        Assert.That(options.SarifPath, Is.Null);
    }
}
