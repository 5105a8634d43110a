using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

public sealed class DeployAuditGateTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: vllm
          namespace: ml
        spec:
          template:
            spec:
              containers:
                - name: vllm
                  image: vllm/vllm-openai:v0.11.0
                  securityContext:
                    privileged: true
        """;

    [Test]
    public async Task RunAsync_HardenedReference_ReportsNothingAtMediumOrAbove()
    {
        // Given the hardened vLLM deployment, Dockerfile and compose file
        var findings = await GateHarness.RunAsync(new DeployAuditGate(), FixturePaths.Of("deploy-audit/reference"));

        // Then nothing is medium or above
        var serious = findings.Where(f => f.Severity >= Severity.Medium).Select(f => $"{f.Rule.Id} {f.Location} {f.Message}");
        Assert.That(serious, Is.Empty);
        Assert.That(findings.Select(f => f.Rule.Id), Is.SubsetOf(new[] { "DEP087" }));
    }

    [Test]
    public async Task RunAsync_PrivilegedContainer_PointsAtKeyWithLogicalPathAndStableContentKey()
    {
        var findings = await GateRunner.RunAsync(("deploy/vllm.yaml", Deployment));

        var privileged = findings.Single(f => f.Rule.Id == "DEP010");
        Assert.That(privileged.Location, Is.EqualTo(new Location("deploy/vllm.yaml", 13, 25, 13, 29,
            "Deployment/vllm > spec.template.spec.containers[0].securityContext.privileged")));
        Assert.That(privileged.ContentKey, Is.EqualTo("Deployment/vllm:spec.template.spec.containers[0].securityContext.privileged"));
        Assert.That(privileged.Severity, Is.EqualTo(Severity.High));
    }

    [Test]
    public async Task RunAsync_SameManifestMovedDown_KeepsFingerprints()
    {
        var before = await GateRunner.RunAsync(("d.yaml", Deployment));
        var after = await GateRunner.RunAsync(("d.yaml", "# moved\n\n" + Deployment));

        Assert.That(after.Select(f => f.Fingerprint), Is.EquivalentTo(before.Select(f => f.Fingerprint)));
        Assert.That(after.Select(f => f.Location.StartLine), Is.EquivalentTo(before.Select(f => f.Location.StartLine + 2)));
    }

    [Test]
    public async Task RunAsync_NonKubernetesYaml_IsSkippedSilently()
    {
        const string workflow = """
            name: ci
            on: [push]
            jobs:
              build:
                runs-on: ubuntu-latest
                services:
                  redis:
                    image: redis:latest
                steps:
                  - run: curl https://x.example/install.sh | sh
            """;
        var findings = await GateRunner.RunAsync((".github/workflows/ci.yml", workflow), ("config/app.yaml", "logging:\n  level: debug\npassword_policy: strict\n"));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task RunAsync_MultiDocumentWithEmptyDocuments_AuditsEveryResource()
    {
        var text = "---\n---\n" + Deployment.Replace("name: vllm\n  namespace", "name: a\n  namespace", StringComparison.Ordinal) + "\n---\n" + Deployment;

        var findings = await GateRunner.RunAsync(("all.yaml", text));

        Assert.That(findings.Where(f => f.Rule.Id == "DEP010").Select(f => f.Location.LogicalPath![..f.Location.LogicalPath!.IndexOf(' ', StringComparison.Ordinal)]),
            Is.EqualTo(new[] { "Deployment/a", "Deployment/vllm" }));
    }

    [Test]
    public async Task RunAsync_CronJobAndRayWorker_FindsNestedPodSpecs()
    {
        const string cron = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: retrain, namespace: ml}
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      hostPID: true
                      containers: [{name: t, image: "ghcr.io/acme/t:1"}]
            ---
            apiVersion: ray.io/v1
            kind: RayService
            metadata: {name: serve, namespace: ml}
            spec:
              rayClusterConfig:
                headGroupSpec:
                  template: {spec: {containers: [{name: head, image: "rayproject/ray:2.52.0", env: [{name: RAY_AUTH_MODE, value: token}]}]}}
                workerGroupSpecs:
                  - template:
                      spec:
                        containers:
                          - name: worker
                            image: rayproject/ray:2.52.0
                            securityContext: {privileged: true}
            """;
        var findings = await GateRunner.RunAsync(("jobs.yaml", cron));

        Assert.That(findings.Where(f => f.Rule.Id is "DEP017" or "DEP010" or "DEP056").Select(f => $"{f.Rule.Id}@{f.Location.StartLine}"),
            Is.EquivalentTo(new[] { "DEP017@9", "DEP010@25" }));
        Assert.That(findings.Single(f => f.Rule.Id == "DEP010").Location.LogicalPath,
            Is.EqualTo("RayService/serve > spec.rayClusterConfig.workerGroupSpecs[0].template.spec.containers[0].securityContext.privileged"));
    }

    [Test]
    public async Task RunAsync_KindList_AuditsEveryItem()
    {
        const string list = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Pod
                metadata: {name: a, namespace: ml}
                spec:
                  hostIPC: true
                  containers: [{name: c, image: "ghcr.io/acme/c:1"}]
            """;
        var findings = await GateRunner.RunAsync(("list.yaml", list));

        var ipc = findings.Single(f => f.Rule.Id == "DEP017");
        Assert.That((ipc.Location.StartLine, ipc.Location.LogicalPath), Is.EqualTo((8, "Pod/a > spec.hostIPC")));
    }

    [Test]
    public async Task RunAsync_SeldonPredictor_AuditsComponentSpecs()
    {
        const string seldon = """
            apiVersion: machinelearning.seldon.io/v1
            kind: SeldonDeployment
            metadata: {name: iris, namespace: ml}
            spec:
              predictors:
                - name: default
                  componentSpecs:
                    - spec:
                        containers:
                          - name: classifier
                            image: seldonio/sklearn-iris:0.3
                            securityContext: {privileged: true}
            """;
        var findings = await GateRunner.RunAsync(("seldon.yaml", seldon));

        var privileged = findings.Single(f => f.Rule.Id == "DEP010");
        Assert.That(privileged.Severity, Is.EqualTo(Severity.Critical));
        Assert.That(privileged.Location.StartLine, Is.EqualTo(12));
    }

    [Test]
    public async Task RunAsync_HelmTemplate_IsInfoNotMalformed()
    {
        var findings = await GateRunner.RunAsync(("chart/templates/deploy.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ include \"x.name\" . }}\n{{- if .Values.x }}\n"));

        Assert.That(findings.Select(f => (f.Rule.Id, f.Severity, f.Location.StartLine)), Is.EqualTo(new[] { ("DEP002", Severity.Info, 4) }));
    }

    [Test]
    public async Task RunAsync_TemplateStringInValidYamlOutsideChart_IsAuditedNormally()
    {
        const string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts, namespace: default}\ndata:\n  msg: \"{{ $labels.instance }} is down\"\n";

        var findings = await GateRunner.RunAsync(("monitoring/alerts.yaml", text));

        Assert.That(findings.Select(f => (f.Rule.Id, f.Location.StartLine)), Is.EqualTo(new[] { ("DEP023", 3) }));
    }

    [Test]
    public async Task RunAsync_BrokenTemplateOutsideChart_IsRenderFirstNotMalformed()
    {
        var findings = await GateRunner.RunAsync(("deploy/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  replicas: {{ .Values.replicas }}\n  image: {{ .Values.image }}:latest\n"));

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "DEP002" }));
    }

    [Test]
    public async Task RunAsync_UnreadableHugeFile_IsReportedNotSkipped()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("big.yaml", "");
        await using (var stream = File.OpenWrite(path))
        {
            stream.SetLength(FileAuditor.MaxFileBytes + 1);
        }

        var findings = await GateHarness.RunAsync(new DeployAuditGate(), dir.Path);

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "DEP004" }));
    }

    [TestCase("max-yaml-depth", 3, "a: {b: {c: {d: {e: 1}}}}\n", "nesting deeper than 3")]
    [TestCase("max-yaml-nodes", 10, "a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n", "document expands to more than 10 nodes")]
    [TestCase("max-yaml-documents", 2, "a: 1\n---\nb: 2\n---\nc: 3\n", "more than 2 documents")]
    public async Task RunAsync_YamlBudgetFromThePolicy_HitIsDep004(string key, int value, string yaml, string reason)
    {
        var findings = await GateRunner.RunAsync(GateHarness.Settings((key, value)), ("k.yaml", yaml));

        var hit = findings.Single(f => f.Rule.Id == "DEP004");
        Assert.That(hit.Message, Does.Contain(reason));
    }

    [Test]
    public async Task RunAsync_DepthSettingAboveTheStackSafeCap_IsCapped()
    {
        // A pull request controls the policy file: raising the depth must not re-open the stack overflow.
        var yaml = "a: " + new string('[', 5_000) + new string(']', 5_000) + "\n";

        var findings = await GateRunner.RunAsync(GateHarness.Settings(("max-yaml-depth", int.MaxValue)), ("k.yaml", yaml));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP004").Message, Does.Contain("nesting deeper than 1000"));
    }

    [Test]
    public void Rules_Ids_AreUniqueSortedAndInTheDepRange()
    {
        var ids = new DeployAuditGate().Rules.Select(r => r.Id).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(ids, Has.All.Match("^DEP(0[0-9][0-9]|1[0-9][0-9])$"));
    }

    [Test]
    public void Rules_EveryRule_HasAFixtureFolderWithFailAndPassVariants()
    {
        foreach (var id in new DeployAuditGate().Rules.Select(r => r.Id))
        {
            var dir = FixturePaths.Of("deploy-audit/" + id);
            Assert.That(Directory.Exists(dir), Is.True, id);
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Has.Some.Contains(".fail.").And.Some.Contains(".pass."), id);
        }
    }

    [Test]
    public void Settings_DeclaresTheGateKeys()
    {
        Assert.That(new DeployAuditGate().Settings.Select(s => s.Key), Is.EqualTo(new[] { "trusted-registries", "require-digest", "model-server-images", "max-yaml-depth", "max-yaml-nodes", "helm", "helm-timeout", "max-yaml-documents" }));
    }

    [Test]
    public async Task RunAsync_RequireDigest_RaisesDigestRuleToHigh()
    {
        var findings = await GateRunner.RunAsync(GateHarness.Settings(("require-digest", true)), ("d.yaml", Deployment));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP025").Severity, Is.EqualTo(Severity.High));
    }

    [Test]
    public async Task RunAsync_ModelServerImagesSetting_TreatsCustomImageAsModelServer()
    {
        const string text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: gw, namespace: ml}
            spec:
              template:
                metadata: {labels: {app: gw}}
                spec:
                  containers: [{name: gw, image: "ghcr.io/acme/llm-gateway:1.0"}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: gw, namespace: ml}
            spec:
              type: NodePort
              selector: {app: gw}
              ports: [{port: 80}]
            """;
        var plain = await GateRunner.RunAsync(("d.yaml", text));
        var custom = await GateRunner.RunAsync(GateHarness.Settings(("model-server-images", (IReadOnlyList<string>)["acme/llm-gateway"])), ("d.yaml", text));

        Assert.That(plain.Select(f => f.Rule.Id), Does.Contain("DEP041").And.Not.Contain("DEP040"));
        Assert.That(custom.Select(f => f.Rule.Id), Does.Contain("DEP040").And.Not.Contain("DEP041"));
    }
}
