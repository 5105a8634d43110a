using MLSecOps.Core.Inventory;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>The inventory the gate hands the bill of materials: the images examples/ml-repo deploys, digests where pinned.</summary>
public sealed class ServingImagesTests
{
    [Test]
    public async Task Run_ExampleDeployment_ListsEveryImageWithTheConfigsThatRunIt()
    {
        var deploy = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo", "deploy");

        var result = await GateHarness.ResultAsync(new DeployAuditGate(), deploy);

        Assert.That(result.Assets, Has.All.Matches<Asset>(a => a.Kind == AssetKind.ContainerImage && a.Files.Count > 0));
        Assert.That(result.Assets.Select(a => a.Key), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        var pinned = result.Assets.Single(a => a.Key.Contains('@', StringComparison.Ordinal));
        Assert.That(pinned.Hashes[FileDigest.Sha256], Has.Length.EqualTo(64));
        Assert.That(pinned.Properties["digest-pinned"], Is.EqualTo("true"));
        var dockerfileBase = result.Assets.Single(a => a.Files.Contains("Dockerfile"));
        Assert.That(dockerfileBase.Properties["digest-pinned"], Is.EqualTo("false"));
        Assert.That(result.Assets.Select(a => a.Files[0]).Distinct(), Is.SupersetOf(new[] { "Dockerfile", "compose/docker-compose.yml", "k8s/vllm.yaml" }));
    }

    [Test]
    public async Task Run_DockerfileStages_ListsBasesButNotStageNamesOrScratch()
    {
        using var temp = new TempDirectory();
        temp.Write("Dockerfile", "FROM python:3.12-slim AS build\nRUN true\nFROM build AS test\nFROM scratch\nCOPY --from=build /a /a\n");

        var result = await GateHarness.ResultAsync(new DeployAuditGate(), temp.Path);

        Assert.That(result.Assets.Select(a => $"{a.Name} {a.Version}"), Is.EqualTo(new[] { "docker.io/library/python 3.12-slim" }));
    }
}
