using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>The planted misconfigurations of examples/ml-repo/deploy are found, and the hardened manifest stays clean.</summary>
public sealed class ExampleRepositoryTests
{
    private static readonly string s_deploy = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo", "deploy");

    [Test]
    public async Task RunAsync_ExampleDeploy_FindsThePlantedProblems()
    {
        var findings = await GateHarness.RunAsync(new DeployAuditGate(), s_deploy);

        var found = findings.Select(f => $"{f.Location.Path}:{f.Location.StartLine} {f.Rule.Id}").ToHashSet();
        Assert.That(found, Is.SupersetOf(new[]
        {
            "k8s/vllm.yaml:7 DEP023", "k8s/vllm.yaml:18 DEP017", "k8s/vllm.yaml:23 DEP024", "k8s/vllm.yaml:27 DEP050",
            "k8s/vllm.yaml:30 DEP070", "k8s/vllm.yaml:32 DEP059", "k8s/vllm.yaml:36 DEP010", "k8s/vllm.yaml:22 DEP051",
            "k8s/vllm.yaml:22 DEP030", "k8s/vllm.yaml:22 DEP034", "k8s/vllm.yaml:22 DEP033", "k8s/vllm.yaml:44 DEP040",
            "k8s/ray-cluster.yaml:10 DEP056", "k8s/ray-cluster.yaml:33 DEP019", "k8s/ray-cluster.yaml:41 DEP043",
            "k8s/ray-cluster.yaml:50 DEP053", "k8s/ray-cluster.yaml:60 DEP054", "k8s/ray-cluster.yaml:61 DEP055",
            "Dockerfile:2 DEP080", "Dockerfile:3 DEP072", "Dockerfile:4 DEP084", "Dockerfile:5 DEP083", "Dockerfile:6 DEP084",
            "Dockerfile:7 DEP082", "Dockerfile:8 DEP070", "Dockerfile:9 DEP086", "Dockerfile:2 DEP085", "Dockerfile:10 DEP050",
            "compose/docker-compose.yml:6 DEP092", "compose/docker-compose.yml:8 DEP052", "compose/docker-compose.yml:9 DEP052",
            "compose/docker-compose.yml:12 DEP057", "compose/docker-compose.yml:16 DEP070", "compose/docker-compose.yml:19 DEP058",
            "compose/docker-compose.yml:20 DEP090", "compose/docker-compose.yml:21 DEP091", "compose/docker-compose.yml:24 DEP056",
            "compose/docker-compose.yml:26 DEP092",
            "k8s/vllm.yaml:22 DEP105", "k8s/ray-cluster.yaml:37 DEP102", "k8s/ray-cluster.yaml:58 DEP103", "compose/docker-compose.yml:3 DEP104",
        }));
        Assert.That(findings.Where(f => f.Location.Path == "k8s/hardened-vllm.yaml" && f.Severity >= Severity.Medium), Is.Empty);
    }

    [Test]
    public async Task RunAsync_HardenedExample_HasNoMonitoringFinding()
    {
        // Given the hardened vLLM manifest (scrape annotations, token bounds), When the gate scans the example deploy folder
        var findings = await GateHarness.RunAsync(new DeployAuditGate(), s_deploy);

        // Then no monitoring rule (DEP100-DEP109) reports it
        Assert.That(findings.Where(f => f.Location.Path == "k8s/hardened-vllm.yaml" && string.CompareOrdinal(f.Rule.Id, "DEP100") >= 0 && string.CompareOrdinal(f.Rule.Id, "DEP109") <= 0), Is.Empty);
    }
}
