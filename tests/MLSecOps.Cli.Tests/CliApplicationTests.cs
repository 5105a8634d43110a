using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>What a newcomer's typos get back: the nearest valid name, one line, exit 2.</summary>
public sealed class CliApplicationTests
{
    [Test]
    public async Task Run_MistypedVerb_SuggestsTheNearestVerb()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, null, "deploy-adit", "k8s");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: unknown command 'deploy-adit'; did you mean 'deploy-audit'? (see 'mlsecops --help')"));
    }

    [Test]
    public async Task Run_MistypedOption_SuggestsTheNearestOptionOfThatVerb()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "scan", ".", "--fail-onn", "high");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: unknown option '--fail-onn'; did you mean '--fail-on'? (see 'mlsecops scan --help')"));
    }

    [Test]
    public async Task Run_MistypedOptionWhereThePathGoes_SuggestsTheOptionNotPathNotFound()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "scan", "--verbos");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: unknown option '--verbos'; did you mean '--verbose'? (see 'mlsecops scan --help')"));
    }

    [Test]
    public async Task Run_MistypedOptionBeforeItsValue_SuggestsTheOption()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "scan", "--fail-onn", "high");

        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: unknown option '--fail-onn'; did you mean '--fail-on'? (see 'mlsecops scan --help')"));
    }

    [Test]
    public async Task Run_UnrelatedVerb_ListsTheVerbs()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "frobnicate");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("mlsecops: unknown command 'frobnicate'; valid: scan, data-check, verify, rules, init, baseline"));
    }

    [Test]
    public async Task Help_SeverityAndPlatformValues_AreInSeverityOrderNotAlphabetical()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "scan", "--help");

        Assert.That(run.Out, Does.Contain("--fail-on <critical|high|medium|low|info|none>"));
        Assert.That(run.Out, Does.Contain("--platform <auto|github|azure|none>"));
    }

    [Test]
    public async Task Run_BadFailOnValue_ListsSeveritiesInSeverityOrder()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "scan", "--fail-on", "severe");

        Assert.That(run.Error, Does.Contain("'critical' 'high' 'medium' 'low' 'info' 'none'"));
    }
}
