using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>Severities and messages on shapes copied from real ML-platform repositories (KServe, Jupyter docker-stacks, Kubeflow, Helm charts).</summary>
public sealed class RealPlatformShapeTests
{
    [Test]
    public async Task Evaluate_UnknownBaseWithoutUser_ReportsBaseImageUserAtLowSeverity()
    {
        // Given a Dockerfile on a base the gate has no table entry for
        var findings = await GateRunner.RunAsync(("Dockerfile", "FROM ghcr.io/acme/runtime:1.0\nCMD [\"serve\"]\n"));

        // Then DEP085 says it runs as the base image's user, at low severity
        var hit = findings.Single(f => f.Rule.Id == "DEP085");
        Assert.That(hit.Severity, Is.EqualTo(Severity.Low));
        Assert.That(hit.Message, Does.Contain("base image's user"));
    }

    [Test]
    public async Task Evaluate_RootBaseWithoutUser_ReportsRootAtRuleSeverity()
    {
        var findings = await GateRunner.RunAsync(("Dockerfile", "FROM python:3.12-slim\nCMD [\"serve\"]\n"));

        var hit = findings.Single(f => f.Rule.Id == "DEP085");
        Assert.That(hit.Severity, Is.EqualTo(Severity.Medium));
        Assert.That(hit.Message, Does.Contain("python:3.12-slim runs as root"));
    }

    [Test]
    public async Task Evaluate_FinalStageFromEarlierStageWithUser_InheritsThatUser()
    {
        var findings = await GateRunner.RunAsync(("Dockerfile", "FROM python:3.12-slim AS base\nUSER 10001\n\nFROM base\nCMD [\"serve\"]\n"));

        Assert.That(findings.Where(f => f.Rule.Id == "DEP085"), Is.Empty);
    }

    [Test]
    public async Task Evaluate_CommittedSecretStringData_SaysLiteralOnce()
    {
        var findings = await GateRunner.RunAsync(("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s3\n  namespace: ml\nstringData:\n  secretkey: s3admin123\n"));

        var hit = findings.Single(f => f.Rule.Id == "DEP071");
        Assert.That(hit.Message, Does.Not.Contain("literal literal"));
        Assert.That(hit.Message, Is.EqualTo("Secret/s3 holds a literal secret value under secretkey."));
    }

    [Test]
    public async Task Evaluate_MalformedYaml_HasNoDoublePeriod()
    {
        var findings = await GateRunner.RunAsync(("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [\n"));

        var hit = findings.Single(f => f.Rule.Id == "DEP001");
        Assert.That(hit.Message, Does.Not.Contain(".."));
    }

    [Test]
    public async Task Evaluate_KServeFrameworkPredictor_NamesTheServingContainerAndFramework()
    {
        var findings = await GateRunner.RunAsync(("isvc.yaml",
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: xgb\n  namespace: ml\nspec:\n  predictor:\n    xgboost:\n      storageUri: gs://m/x\n"));

        var messages = findings.Where(f => f.Message.StartsWith("Container", StringComparison.Ordinal)).Select(f => f.Message).ToList();
        Assert.That(messages, Is.Not.Empty);
        Assert.That(messages, Has.All.Contains("Container 'kserve-container (xgboost)'"));
    }

    [Test]
    public async Task Evaluate_ChartWithSeveralTemplates_ReportsDep002OncePerChart()
    {
        var findings = await GateRunner.RunAsync(
            ("a/Chart.yaml", "apiVersion: v2\nname: a\nversion: 0.1.0\n"),
            ("a/templates/one.yaml", "{{- if .Values.x }}\nkind: Pod\n{{- end }}\n"),
            ("a/templates/two.yaml", "metadata:\n  name: {{ .Release.Name }}\n"),
            ("a/templates/three.yaml", "{{ include \"a.tpl\" . }}\n"),
            ("b/templates/one.yaml", "{{- if .Values.x }}\nkind: Pod\n{{- end }}\n"));

        var helm = findings.Where(f => f.Rule.Id == "DEP002").OrderBy(f => f.Location.Path, StringComparer.Ordinal).ToList();
        Assert.That(helm.Select(f => f.Location.Path), Is.EqualTo(new[] { "a/templates/one.yaml", "b/templates/one.yaml" }));
        Assert.That(helm[0].Message, Does.Contain("Helm chart a: 3 templates"));
        Assert.That(findings.Where(f => f.Rule.Id == "DEP001"), Is.Empty);
    }
}
