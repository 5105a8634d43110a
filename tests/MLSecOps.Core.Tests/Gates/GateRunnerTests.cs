using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Gates;

public sealed class GateRunnerTests
{
    private static readonly Location s_policy = new(".mlsecops.yml");

    [Test]
    public async Task RunAsync_GateThrows_FailsClosedWithPol001()
    {
        var gate = new TestGate { Throws = new InvalidDataException("bad header\nsecond line") };

        var run = (await new GateRunner(s_policy).RunAsync([Plan(gate, TimeSpan.FromMinutes(1))], CancellationToken.None)).Single();

        var finding = run.Result.Findings.Single();
        Assert.That(finding.Rule.Id, Is.EqualTo("POL001"));
        Assert.That(finding.Severity, Is.EqualTo(Severity.High));
        Assert.That(finding.Message, Is.EqualTo("Gate data-check did not finish: InvalidDataException: bad header second line. Its files are treated as failing."));
        Assert.That(finding.Location, Is.EqualTo(s_policy));
    }

    [Test]
    public async Task RunAsync_GateExceedsBudget_FailsClosedWithPol001()
    {
        var gate = new TestGate { Hangs = true };

        var run = (await new GateRunner(s_policy).RunAsync([Plan(gate, TimeSpan.FromMilliseconds(100))], CancellationToken.None)).Single();

        Assert.That(run.Result.Findings.Single().Message, Does.Contain("ran out of its 0 s time budget"));
    }

    [Test]
    public async Task RunAsync_SeveralGates_RunConcurrentlyAndKeepOrder()
    {
        // Given a hanging gate with a short budget and a normal one
        var slow = new TestGate { Name = "design-review", Hangs = true };
        var fast = new TestGate { Name = "data-check" };

        // When
        var runs = await new GateRunner(s_policy).RunAsync([Plan(slow, TimeSpan.FromMilliseconds(300)), Plan(fast, TimeSpan.FromMinutes(1))], CancellationToken.None);

        // Then both finish, in plan order, each with its duration
        Assert.That(runs.Select(r => r.Gate.Name), Is.EqualTo(new[] { "design-review", "data-check" }));
        Assert.That(runs[1].Result.Findings, Is.Empty);
        Assert.That(runs[0].Result.Duration, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)));
    }

    private static GatePlan Plan(IGate gate, TimeSpan timeout) =>
        new(gate, new GateContext { RepositoryRoot = Path.GetTempPath(), Files = [], Settings = GateSettings.Empty }, timeout);
}
