using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

public sealed class SuppressionTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: ml
        spec:
          containers:
            - name: c
              image: ghcr.io/acme/c:latest
        """;

    [Test]
    public async Task RunAsync_CommentWithReasonAbove_SuppressesWithReason()
    {
        var text = Pod.Replace("      image:", "      # mlsecops:ignore DEP024 rebuilt nightly by the platform team\n      image:", StringComparison.Ordinal);

        var findings = await GateRunner.RunAsync(("p.yaml", text));

        var latest = findings.Single(f => f.Rule.Id == "DEP024");
        Assert.That(latest.Suppression, Is.EqualTo(new Suppression(SuppressionKind.InSource, "rebuilt nightly by the platform team", "inline")));
        Assert.That(findings.Where(f => f.Rule.Id == "DEP025").Select(f => f.Suppression), Has.All.Null);
    }

    [Test]
    public async Task RunAsync_TrailingCommentOnSameLine_Suppresses()
    {
        var text = Pod.Replace("c:latest", "c:latest  # mlsecops:ignore DEP024,DEP025 pinned by admission policy", StringComparison.Ordinal);

        var findings = await GateRunner.RunAsync(("p.yaml", text));

        Assert.That(findings.Where(f => f.Rule.Id is "DEP024" or "DEP025").Select(f => f.Suppression?.Justification),
            Has.All.EqualTo("pinned by admission policy"));
    }

    [Test]
    public async Task RunAsync_CommentWithoutReason_DoesNotSuppressAndIsLowFinding()
    {
        var text = Pod.Replace("      image:", "      # mlsecops:ignore DEP024\n      image:", StringComparison.Ordinal);

        var findings = await GateRunner.RunAsync(("p.yaml", text));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP024").Suppression, Is.Null);
        var unexplained = findings.Single(f => f.Rule.Id == "DEP003");
        Assert.That((unexplained.Severity, unexplained.Location.StartLine), Is.EqualTo((Severity.Low, 9)));
    }

    [Test]
    public async Task RunAsync_ResourceAnnotation_SuppressesNamedRulesOnly()
    {
        var text = Pod.Replace("  namespace: ml\n", "  namespace: ml\n  annotations:\n    mlsecops.io/ignore: \"DEP024=mirror retags nightly; DEP030\"\n", StringComparison.Ordinal);

        var findings = await GateRunner.RunAsync(("p.yaml", text));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP024").Suppression?.Justification, Is.EqualTo("mirror retags nightly"));
        Assert.That(findings.Single(f => f.Rule.Id == "DEP030").Suppression, Is.Null);
        Assert.That(findings.Single(f => f.Rule.Id == "DEP003").Location.StartLine, Is.EqualTo(7));
    }

    [Test]
    public async Task RunAsync_PodTemplateAnnotation_Suppresses()
    {
        const string text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d, namespace: ml}
            spec:
              template:
                metadata:
                  annotations:
                    mlsecops.io/ignore: "DEP017=node exporter needs the host network"
                spec:
                  hostNetwork: true
                  containers: [{name: c, image: "ghcr.io/acme/c:1"}]
            """;
        var findings = await GateRunner.RunAsync(("d.yaml", text));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP017").Suppression?.Justification, Is.EqualTo("node exporter needs the host network"));
    }

    [Test]
    public async Task RunAsync_DockerfileComment_Suppresses()
    {
        const string text = "FROM python:3.12\n# mlsecops:ignore DEP085 runs under a random UID on OpenShift\nUSER root\n";

        var findings = await GateRunner.RunAsync(("Dockerfile", text));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP085").Suppression?.Justification, Is.EqualTo("runs under a random UID on OpenShift"));
    }

    [Test]
    public async Task RunAsync_CommentAboveMultiLineInstruction_SuppressesHitOnContinuationLine()
    {
        const string text = "FROM alpine:3.20\n# mlsecops:ignore DEP083 vendor script verified by the base-image pipeline\nRUN apk add curl && \\\n    curl -fsSL https://x.example/i.sh | sh\nUSER 1000\n";

        var findings = await GateRunner.RunAsync(("Dockerfile", text));

        var piped = findings.Single(f => f.Rule.Id == "DEP083");
        Assert.That(piped.Location.StartLine, Is.EqualTo(4));
        Assert.That(piped.Suppression?.Justification, Is.EqualTo("vendor script verified by the base-image pipeline"));
    }
}
