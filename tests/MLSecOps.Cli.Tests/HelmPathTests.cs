using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>deploy-audit's <c>helm: auto</c> is resolved by the CLI on the host's PATH (gates may not read it).</summary>
public sealed class HelmPathTests
{
    private const string Template = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: x\n      image: x:1\n      securityContext:\n        privileged: {{ .Values.p }}\n";

    [Test]
    public async Task DeployAudit_HelmOnThePath_RendersTheChart()
    {
        // Given a chart, and a (fake) helm in a folder on the host's PATH
        using var repo = Chart();
        using var tools = new TempDirectory();
        var helm = tools.Write("helm", "#!/bin/sh\nprintf '%s\\n' '---' '# Source: llm/templates/pod.yaml' 'apiVersion: v1' 'kind: Pod' 'metadata:' '  name: mlsecops' 'spec:' '  containers:' '    - name: x' '      image: x:1' '      securityContext:' '        privileged: true'\n");
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the fake helm is a shell script");
        }
        else
        {
            File.SetUnixFileMode(helm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // When deploy-audit runs with that PATH
        var run = await CliRun.InvokeAsync(repo.Path, new Dictionary<string, string> { ["PATH"] = "relative/bin:" + tools.Path }, null, "deploy-audit", ".");

        // Then the rendered pod is audited at the template line and the chart is not DEP002
        Assert.That(run.Out, Does.Contain("DEP010 llm/templates/pod.yaml:10"), run.Out + run.Error);
        Assert.That(run.Out, Does.Not.Contain("DEP002"));
    }

    [Test]
    public async Task DeployAudit_NoHelmOnThePath_ReportsDep002()
    {
        using var repo = Chart();

        var run = await CliRun.InvokeAsync(repo.Path, new Dictionary<string, string>(), null, "deploy-audit", ".");

        Assert.That(run.Out, Does.Contain("DEP002 llm/templates/pod.yaml:4"), run.Out + run.Error);
    }

    [Test]
    public async Task DeployAudit_RelativeHelmPath_IsAPolicyErrorWithExitCode2()
    {
        using var repo = Chart();
        repo.Write(".mlsecops.yml", "version: 1\ngates:\n  deploy-audit:\n    helm: ./tools/helm\n");

        var run = await CliRun.InvokeAsync(repo.Path, new Dictionary<string, string>(), null, "deploy-audit", ".");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("gates.deploy-audit.helm: './tools/helm' is not auto, off or an absolute path"));
    }

    private static TempDirectory Chart()
    {
        var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write("llm/Chart.yaml", "apiVersion: v2\nname: llm\nversion: 0.1.0\n");
        repo.Write("llm/templates/pod.yaml", Template);
        return repo;
    }
}
