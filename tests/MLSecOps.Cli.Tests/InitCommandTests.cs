using System.Text.Json;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

public sealed class InitCommandTests
{
    [Test]
    public async Task Init_EmptyFolder_WritesAValidPolicyAndKeepsExistingFiles()
    {
        // Given an empty repository with its own workflow file
        using var repo = new TempDirectory();
        repo.Write(".github/workflows/mlsecops.yml", "mine");

        // When
        var run = await CliRun.InvokeAsync(repo.Path, null, null, "init");

        // Then the starter policy loads with the real gates, and the existing file is untouched
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var gates = new CompositionRoot(new CliHost { Environment = new Dictionary<string, string>(), Out = TextWriter.Null, Error = TextWriter.Null, WorkingDirectory = "." }).Gates;
        Assert.DoesNotThrow(() => new PolicyLoader(gates, PolicyRules.All).Load(Path.Combine(repo.Path, ".mlsecops.yml"), ".mlsecops.yml"));
        Assert.That(File.Exists(Path.Combine(repo.Path, "docs/threat-model.yml")), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, ".github/workflows/mlsecops.yml")), Is.EqualTo("mine"));
        Assert.That(run.Error, Does.Contain("kept existing .github/workflows/mlsecops.yml"));
    }

    [Test]
    public async Task Init_ManifestsOutsideDeploy_PolicyPathsMatchThemAndTheNextScanChecksThem()
    {
        // Given serving configs in k8s/, a root compose file and serving/Dockerfile.gpu (no deploy/ folder)
        using var repo = new TempDirectory();
        repo.Write("k8s/inference.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: m }\nspec:\n  template:\n    spec:\n      containers:\n        - name: m\n          image: ghcr.io/acme/m:1.0\n");
        repo.Write("docker-compose.yml", "services:\n  m:\n    image: ghcr.io/acme/m:1.0\n");
        repo.Write("serving/Dockerfile.gpu", "FROM debian:12\nUSER 1000\n");
        repo.Write("src/app.py", "print('x')\n");

        // When init runs, then deploy-audit with the policy it wrote
        var init = await CliRun.InvokeAsync(repo.Path, null, null, "init");
        var json = Path.Combine(repo.Path, "out.json");
        await CliRun.InvokeAsync(repo.Path, null, null, "deploy-audit", "--json", json);

        // Then the policy names those paths, and the scan examined exactly those three files
        Assert.That(init.ExitCode, Is.EqualTo(0), init.Error);
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, ".mlsecops.yml")), Does.Contain("paths: [\"docker-compose.yml\", \"k8s/**/*.yaml\", \"serving/Dockerfile*\"]"));
        Assert.That(init.Error, Does.Contain("serving configs: docker-compose.yml, k8s/**/*.yaml, serving/Dockerfile*"));
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var gate = report.RootElement.GetProperty("gates").EnumerateArray().Single();
        Assert.That(gate.GetProperty("filesScanned").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Init_RepositoryWithModelAndData_WritesCardsAndAThreatModelThatFailsOnlyOnPlaceholders()
    {
        // Given a model and a data set without cards
        using var repo = new TempDirectory();
        repo.Write("models/clf/model.safetensors", "weights");
        repo.Write("data/train.csv", "a,b\n1,2\n");

        // When init runs, then design-review
        var init = await CliRun.InvokeAsync(repo.Path, null, null, "init");
        var json = Path.Combine(repo.Path, "out.json");
        var review = await CliRun.InvokeAsync(repo.Path, null, null, "design-review", "--json", json);

        // Then the cards and all thirteen threats were written, and the gate blocks on placeholders, not on schema or missing threats
        Assert.That(init.Error, Does.Contain("wrote models/clf/README.md").And.Contain("wrote data/README.md").And.Contain("wrote docs/threat-model.yml"));
        Assert.That(review.ExitCode, Is.EqualTo(1));
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var rules = report.RootElement.GetProperty("gates")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToHashSet();
        Assert.That(rules, Does.Contain("DES004").And.Contain("DES011").And.Contain("DES015").And.Contain("DES021"));
        Assert.That(rules, Does.Not.Contain("DES001").And.Not.Contain("DES002").And.Not.Contain("DES003").And.Not.Contain("DES010").And.Not.Contain("DES020"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "docs/threat-model.yml")), Does.Contain("model-theft:").And.Contain("information-manipulation:").And.Contain("paths: [\"models/**\"]"));
    }

    [Test]
    public async Task Init_AzureRemote_WritesAzurePipelinesAndRunTwiceKeepsEverything()
    {
        // Given a clone of an Azure Repos repository
        using var repo = new TempDirectory();
        repo.Write(".git/config", "[remote \"origin\"]\n\turl = https://dev.azure.com/contoso/ml/_git/fraud\n");

        // When init runs twice
        var first = await CliRun.InvokeAsync(repo.Path, null, null, "init");
        var second = await CliRun.InvokeAsync(repo.Path, null, null, "init");

        // Then the Azure pipeline was written once, no GitHub workflow, and the second run wrote nothing
        Assert.That(first.Error, Does.Contain("CI: Azure Pipelines (the git remote is on Azure DevOps)").And.Contain("wrote azure-pipelines.yml"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "azure-pipelines.yml")), Does.Contain("task: MLSecOpsScan@1").And.Contain("SYSTEM_ACCESSTOKEN"));
        Assert.That(Directory.Exists(Path.Combine(repo.Path, ".github")), Is.False);
        Assert.That(second.Error, Does.Not.Contain("wrote ").And.Contain("kept existing azure-pipelines.yml").And.Contain("kept existing .mlsecops.yml"));
    }
}
