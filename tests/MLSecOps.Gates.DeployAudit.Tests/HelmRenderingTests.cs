using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>Charts rendered by a helm binary: fake helm scripts (written by the tests) stand in for the real one.</summary>
[Platform(Exclude = "Win", Reason = "the fake helm binaries are shell scripts")]
public sealed class HelmRenderingTests
{
    private const string Template =
        "apiVersion: apps/v1\n" +
        "kind: Deployment\n" +
        "metadata:\n" +
        "  name: {{ .Release.Name }}-llm\n" +
        "  namespace: {{ .Release.Namespace }}\n" +
        "spec:\n" +
        "  template:\n" +
        "    spec:\n" +
        "      containers:\n" +
        "        - name: server\n" +
        "          image: {{ .Values.image }}\n" +
        "          securityContext:\n" +
        "            privileged: {{ .Values.privileged }}\n";

    /// <summary>What the real helm prints for <see cref="Template"/> with privileged: true, and a helper-only template that prints nothing.</summary>
    private static readonly string[] s_rendered =
    [
        "---", "# Source: llm/templates/deployment.yaml", "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: mlsecops-llm",
        "  namespace: default", "spec:", "  template:", "    spec:", "      containers:", "        - name: server", "          image: vllm/vllm-openai:v0.6.3",
        "          securityContext:", "            privileged: true",
    ];

    [Test]
    public async Task Evaluate_ChartWithHelm_AuditsRenderedOutputAtTemplateLines()
    {
        // Given a chart and a helm that renders it (checking it runs on a sandboxed copy, without the user's Helm homes)
        using var tools = new TempDirectory();
        var helm = Script(tools, "helm",
            "[ \"$1\" = template ] || exit 3\n[ -f \"$3/Chart.yaml\" ] || exit 4\n[ -n \"$HELM_PLUGINS\" ] && [ -n \"$HELM_CONFIG_HOME\" ] || exit 5\n" +
            "case \"$HELM_CONFIG_HOME\" in \"$3\"*) exit 6 ;; esac\n" +
            "printf '%s\\n' " + string.Join(' ', s_rendered.Select(l => $"'{l}'")) + "\n");

        // When the gate runs with that helm
        var findings = await RunAsync(helm, timeoutSeconds: 30);

        // Then the rendered Deployment is audited, at the template's lines, and the chart is no DEP002
        var privileged = findings.Single(f => f.Rule.Id == "DEP010");
        Assert.That((privileged.Location.Path, privileged.Location.StartLine), Is.EqualTo(("llm/templates/deployment.yaml", 13)), Describe(findings));
        Assert.That(findings.Where(f => f.Rule.Id == "DEP002"), Is.Empty, Describe(findings));
        var image = findings.Single(f => f.Rule.Id == "DEP025");
        Assert.That(image.Location.StartLine, Is.EqualTo(11));
    }

    [Test]
    public async Task Evaluate_ChartAtTheRoot_LeavesOtherChartsTemplatesAlone()
    {
        // Given a chart at the repository root and an unrelated chart folder (no Chart.yaml) elsewhere
        using var tools = new TempDirectory();
        var helm = Script(tools, "helm", "printf '%s\\n' '---' '# Source: root/templates/cm.yaml' 'apiVersion: v1' 'kind: ConfigMap' 'metadata:' '  name: c' 'data:' '  a: b'\n");
        using var repo = new TempDirectory();
        repo.Write("Chart.yaml", "apiVersion: v2\nname: root\nversion: 0.1.0\n");
        repo.Write("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: b\n");
        repo.Write("other/templates/pod.yaml", "{{- if .Values.x }}\nkind: Pod\n{{- end }}\n");

        var findings = await GateHarness.RunAsync(new DeployAuditGate(), repo.Path, GateHarness.Settings(("helm", helm)));

        // Then the other folder keeps its DEP002
        Assert.That(findings.Where(f => f.Rule.Id == "DEP002").Select(f => f.Location.Path), Is.EqualTo(new[] { "other/templates/pod.yaml" }), Describe(findings));
    }

    [Test]
    public async Task Evaluate_HelmThatFails_ReportsDep002WithTheReason()
    {
        using var tools = new TempDirectory();
        var helm = Script(tools, "helm", "printf '%s\\n' 'Error: found in Chart.yaml, but missing in charts/ directory: common' >&2\nexit 1\n");

        var findings = await RunAsync(helm, timeoutSeconds: 30);

        var helmFinding = findings.Single(f => f.Rule.Id == "DEP002");
        Assert.That(helmFinding.Message, Does.Contain("Rendering it failed: helm template failed: Error: found in Chart.yaml, but missing in charts/ directory: common"));
        Assert.That(findings.Where(f => f.Rule.Id == "DEP010"), Is.Empty);
    }

    [Test]
    public async Task Evaluate_HelmThatHangs_IsKilledAndReportedAsNotRendered()
    {
        using var tools = new TempDirectory();
        var helm = Script(tools, "helm", "exec /bin/sleep 600\n");

        var findings = await RunAsync(helm, timeoutSeconds: 1);

        var helmFinding = findings.Single(f => f.Rule.Id == "DEP002");
        Assert.That(helmFinding.Message, Does.Contain("did not finish within 1 s"));
    }

    [Test]
    public async Task Evaluate_HelmThatFloodsOutput_IsStoppedAtTheCap()
    {
        using var tools = new TempDirectory();
        var helm = Script(tools, "helm", "while :; do printf '%s\\n' 'a: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'; done\n");

        var findings = await RunAsync(helm, timeoutSeconds: 60);

        Assert.That(findings.Single(f => f.Rule.Id == "DEP002").Message, Does.Contain("wrote more than 8 MiB"));
    }

    [Test]
    public async Task Evaluate_HelmInsideTheRepository_IsNotRun()
    {
        // Given a policy pointing at a "helm" the pull request itself ships
        using var repo = new TempDirectory();
        WriteChart(repo);
        var helm = Script(repo, "tools/helm", "printf '%s\\n' " + string.Join(' ', s_rendered.Select(l => $"'{l}'")) + "\n");

        var findings = await GateHarness.RunAsync(new DeployAuditGate(), repo.Path, GateHarness.Settings(("helm", helm)));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP002").Message, Does.Contain("inside the scanned repository"));
        Assert.That(findings.Where(f => f.Rule.Id == "DEP010"), Is.Empty);
    }

    [Test]
    public async Task Evaluate_HelmAutoUnresolved_ReportsDep002WithoutRunning()
    {
        // Given "auto" that no CLI resolved to a path (the gate never searches the PATH itself)
        using var repo = new TempDirectory();
        WriteChart(repo);

        var findings = await GateHarness.RunAsync(new DeployAuditGate(), repo.Path, GateHarness.Settings(("helm", "auto")));

        Assert.That(findings.Single(f => f.Rule.Id == "DEP002").Message, Does.Not.Contain("Rendering it failed"));
    }

    private static async Task<IReadOnlyList<Finding>> RunAsync(string helm, int timeoutSeconds)
    {
        using var repo = new TempDirectory();
        WriteChart(repo);
        return await GateHarness.RunAsync(new DeployAuditGate(), repo.Path, GateHarness.Settings(("helm", helm), ("helm-timeout", timeoutSeconds)));
    }

    private static void WriteChart(TempDirectory repo)
    {
        repo.Write("llm/Chart.yaml", "apiVersion: v2\nname: llm\nversion: 0.1.0\n");
        repo.Write("llm/values.yaml", "image: vllm/vllm-openai:v0.6.3\nprivileged: true\n");
        repo.Write("llm/templates/deployment.yaml", Template);
        repo.Write("llm/templates/_helpers.tpl", "{{- define \"llm.name\" -}}llm{{- end }}\n");
    }

    private static string Script(TempDirectory folder, string name, string body)
    {
        var path = folder.Write(name, "#!/bin/sh\n" + body);
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the fake helm binaries are shell scripts");
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings.Select(f => $"{f.Rule.Id} {f.Location} {f.Message}"));
}
