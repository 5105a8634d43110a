using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>
/// The cross-file rules read summaries of resources audited in other files (their trees are dropped after the
/// per-document rules): selectors, namespaces, annotations and anchors must answer as on the whole documents.
/// </summary>
public sealed class ClusterWideRuleTests
{
    private const string Server = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: llm, namespace: ml}
        spec:
          template:
            metadata:
              labels: {app: llm, tier: serving}
            spec:
              containers: [{name: vllm, image: "vllm/vllm-openai:v0.11.0"}]
        """;

    [Test]
    public async Task RunAsync_ServiceInAnotherFileSelectsModelServer_ReportsModelServiceExposed()
    {
        var findings = await GateRunner.RunAsync(("a/server.yaml", Server), ("b/service.yaml", Service("ml", "{tier: serving, app: llm}")));

        Assert.That(Rules(findings, "b/service.yaml"), Does.Contain("DEP040").And.Not.Contain("DEP041"));
    }

    [Test]
    public async Task RunAsync_SelectorLabelDiffersOrOtherNamespace_ReportsPlainExposure()
    {
        var otherValue = await GateRunner.RunAsync(("a/server.yaml", Server), ("b/service.yaml", Service("ml", "{app: llm, tier: batch}")));
        var otherNamespace = await GateRunner.RunAsync(("a/server.yaml", Server), ("b/service.yaml", Service("web", "{app: llm}")));

        Assert.That(Rules(otherValue, "b/service.yaml"), Does.Contain("DEP041").And.Not.Contain("DEP040"));
        Assert.That(Rules(otherNamespace, "b/service.yaml"), Does.Contain("DEP041").And.Not.Contain("DEP040"));
    }

    [Test]
    public async Task RunAsync_DuplicatePodLabel_FirstOccurrenceDecidesTheMatch()
    {
        var duplicated = Server.Replace("labels: {app: llm, tier: serving}", "labels: {app: web, tier: serving, app: llm}", StringComparison.Ordinal);

        var findings = await GateRunner.RunAsync(("a/server.yaml", duplicated), ("b/service.yaml", Service("ml", "{app: llm}")));

        Assert.That(Rules(findings, "b/service.yaml"), Does.Contain("DEP041").And.Not.Contain("DEP040"));
    }

    [Test]
    public async Task RunAsync_AnnotationIgnoreOnService_SuppressesCrossFileFinding()
    {
        var service = Service("ml", "{app: llm}").Replace("metadata: {name: front, namespace: ml}", "metadata:\n  name: front\n  namespace: ml\n  annotations: {mlsecops.io/ignore: \"DEP040=behind the corporate VPN\"}", StringComparison.Ordinal);

        var findings = await GateRunner.RunAsync(("a/server.yaml", Server), ("b/service.yaml", service));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP040").Suppression?.Justification, Is.EqualTo("behind the corporate VPN"));
    }

    [Test]
    public async Task RunAsync_AnnotationIgnoreOnWorkload_SuppressesItsPerDocumentFinding()
    {
        var annotated = Server.Replace("metadata: {name: llm, namespace: ml}", "metadata: {name: llm, namespace: ml, annotations: {mlsecops.io/ignore: \"DEP024=pinned by the release pipeline\"}}", StringComparison.Ordinal)
            .Replace("v0.11.0", "latest", StringComparison.Ordinal);

        var findings = await GateRunner.RunAsync(("a/server.yaml", annotated));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP024").Suppression?.Justification, Is.EqualTo("pinned by the release pipeline"));
    }

    [Test]
    public async Task RunAsync_IngressAuthAnnotationAndTls_ReadFromTheSummary()
    {
        const string ingress = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: llm
              namespace: ml
              annotations: {ANNOTATION}
            spec:
              TLS
              rules:
                - http:
                    paths:
                      - backend: {service: {name: front, port: {number: 80}}}
            """;
        var open = ingress.Replace("{ANNOTATION}", "{}", StringComparison.Ordinal).Replace("TLS", "ingressClassName: nginx", StringComparison.Ordinal);
        var closed = ingress.Replace("{ANNOTATION}", "{nginx.ingress.kubernetes.io/auth-url: \"https://auth.example.com\"}", StringComparison.Ordinal)
            .Replace("TLS", "tls: [{hosts: [llm.example.com], secretName: llm-tls}]", StringComparison.Ordinal);
        var service = Service("ml", "{app: llm}").Replace("type: LoadBalancer", "type: ClusterIP", StringComparison.Ordinal);

        var openFindings = await GateRunner.RunAsync(("a/server.yaml", Server), ("b/service.yaml", service), ("c/ingress.yaml", open));
        var closedFindings = await GateRunner.RunAsync(("a/server.yaml", Server), ("b/service.yaml", service), ("c/ingress.yaml", closed));

        Assert.That(Rules(openFindings, "c/ingress.yaml"), Does.Contain("DEP042").And.Contain("DEP045"));
        Assert.That(Rules(closedFindings, "c/ingress.yaml"), Does.Not.Contain("DEP042").And.Not.Contain("DEP045"));
        Assert.That(openFindings.Single(f => f.Rule.Id == "DEP045").Location.StartLine, Is.EqualTo(7), "DEP045 points at the spec key");
    }

    [Test]
    public async Task RunAsync_NetworkPolicyInAnotherFile_CoversTheNamespace()
    {
        const string policy = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: ml}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

        var uncovered = await GateRunner.RunAsync(("a/server.yaml", Server));
        var covered = await GateRunner.RunAsync(("a/server.yaml", Server), ("z/policy.yaml", policy));

        Assert.That(uncovered.Single(f => f.Rule.Id == "DEP044").Location.StartLine, Is.EqualTo(2), "DEP044 points at the kind key");
        Assert.That(covered.Select(f => f.Rule.Id), Does.Not.Contain("DEP044"));
    }

    private static string Service(string ns, string selector) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: front, namespace: {{ns}}}
        spec:
          type: LoadBalancer
          selector: {{selector}}
          ports: [{port: 80, targetPort: 8000}]
        """;

    private static IEnumerable<string> Rules(IEnumerable<Finding> findings, string path) =>
        findings.Where(f => f.Location.Path.EndsWith(path, StringComparison.Ordinal)).Select(f => f.Rule.Id);
}
