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
}
