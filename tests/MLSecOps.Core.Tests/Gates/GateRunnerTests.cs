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
    public async Task RunAsync_RegexTimeoutInsideTheGate_IsReportedAsItselfNotAsTheGateBudget()
    {
        // A pattern that times out is a TimeoutException too; calling it "ran out of its 600 s budget" after two seconds misleads.
        var gate = new TestGate { Throws = new System.Text.RegularExpressions.RegexMatchTimeoutException("ghp_x", "\\w+", TimeSpan.FromMilliseconds(100)) };

        var run = (await new GateRunner(s_policy).RunAsync([Plan(gate, TimeSpan.FromMinutes(10))], CancellationToken.None)).Single();

        var finding = run.Result.Findings.Single();
        Assert.That(finding.Rule.Id, Is.EqualTo("POL001"));
        Assert.That(finding.Message, Does.Contain("RegexMatchTimeoutException").And.Not.Contain("time budget"));
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

    [Test]
    public async Task RunAsync_GateBlockedInAnOpenThatNeverReturns_StillTimesOut()
    {
        // Given a gate whose file open blocks its thread (a FIFO with no writer) and ignores the token
        using var repo = new TempDirectory();
        var fifo = Path.Combine(repo.Path, "model.pkl");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var context = new GateContext { RepositoryRoot = repo.Path, Files = [new ScanFile(fifo, "model.pkl", 0)], Settings = GateSettings.Empty };

        // When
        var running = new GateRunner(s_policy).RunAsync([new GatePlan(new TestGate(), context, TimeSpan.FromMilliseconds(200))], CancellationToken.None);
        var finished = await Task.WhenAny(running, Task.Delay(TimeSpan.FromMinutes(2)));

        // Then the budget fired (a hang would leave 'running' unfinished), and the blocked open is released
        Assert.That(finished, Is.SameAs(running), "the gate budget did not fire");
        Assert.That((await running).Single().Result.Findings.Single().Message, Does.Contain("ran out of its 0 s time budget"));
        await using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
    }

    [Test]
    public async Task RunAsync_DiscoveryFindings_AreKeptEvenWhenTheGateCrashes()
    {
        var gate = new TestGate { Throws = new InvalidDataException("boom") };
        var discovery = Finding.Create(MLSecOps.Core.Policy.Rules.PathNotScanned.Descriptor, Location.File("models/model.pkl"), "Path not scanned.", "k");
        var plan = Plan(gate, TimeSpan.FromMinutes(1)) with { DiscoveryFindings = [discovery] };

        var run = (await new GateRunner(s_policy).RunAsync([plan], CancellationToken.None)).Single();

        Assert.That(run.Result.Findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "POL004", "POL001" }));
    }

    [Test]
    public async Task RunAsync_AfterTheGateReturns_TheScanGoesOnOutsideTheGatesFrame()
    {
        // A gate's task completes inside its last frame. The scan that follows (policy, every output) must not run nested
        // in that frame, where the gate's working state stays reachable: deploy-audit kept 110 MB of parsed manifests
        // to the end of a 10,000-file run that way. ConfigureAwait(false): this test's code runs where that stage would.
        var gate = new WorkingStateGate();

        var run = (await new GateRunner(s_policy).RunAsync([Plan(gate, TimeSpan.FromMinutes(1))], CancellationToken.None).ConfigureAwait(false)).Single();

        Assert.That(run.Result.FilesScanned, Is.EqualTo(1));
        Assert.That(Environment.StackTrace, Does.Not.Contain(nameof(WorkingStateGate)));
    }

    [Test]
    public async Task RunAsync_Findings_CarryTheGateName()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("a.txt", "BAD\n");
        var plan = Plan(new TestGate(), TimeSpan.FromMinutes(1)) with
        {
            Context = new GateContext { RepositoryRoot = dir.Path, Files = [new ScanFile(file, "a.txt", 4)], Settings = GateSettings.Empty },
        };

        var run = (await new GateRunner(s_policy).RunAsync([plan], CancellationToken.None)).Single();

        Assert.That(run.Result.Findings.Select(f => (f.Rule.Id, f.Gate)), Is.EqualTo(new[] { ("DAT999", "data-check") }));
    }

    private static GatePlan Plan(IGate gate, TimeSpan timeout) =>
        new(gate, new GateContext { RepositoryRoot = Path.GetTempPath(), Files = [], Settings = GateSettings.Empty }, timeout);

    /// <summary>A gate whose task completes later, on another thread, so its result is set from its own frame.</summary>
    private sealed class WorkingStateGate : IGate
    {
        public string Name => "deploy-audit";

        public string Stage => "deployment";

        public string Description => "completes from its own frame";

        public IReadOnlyList<RuleDescriptor> Rules => [];

        public IReadOnlyList<SettingDescriptor> Settings => [];

        public IReadOnlyList<string> DefaultPaths => [];

        public bool Understands(ScanFile file) => false;

        public async Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            return GateResult.Of([], 1);
        }
    }
}
