using MLSecOps.Core.Gates;
using MLSecOps.Core.Reviews;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using Moq;

namespace MLSecOps.Gates.DesignReview.Tests.SignOff;

/// <summary>DES030–DES033: the sign-off decision from the verdicts a review source (the platform edge) returns.</summary>
public sealed class SignOffRulesTests
{
    private const string Head = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b";
    private static readonly string s_repo = FixturePaths.Of("design-review/DES001/threat-model-present.pass");

    [Test]
    public async Task Evaluate_ApproverApprovedHead_ReportsNoSignOffFinding()
    {
        var findings = await RunAsync(Reviewed(new ReviewVerdict("alice", ReviewState.Approved, OnHeadCommit: true, IsApprover: true)));

        Assert.That(SignOffIds(findings), Is.Empty);
    }

    [Test]
    public async Task Evaluate_OnlyStaleApproval_ReportsDES030NamingTheStaleReviewer()
    {
        var findings = await RunAsync(Reviewed(new ReviewVerdict("alice", ReviewState.Approved, OnHeadCommit: false, IsApprover: true)));

        Assert.That(SignOffIds(findings), Is.EqualTo(new[] { "DES030" }));
        Assert.That(findings.Single(f => f.Rule.Id == "DES030").Message, Does.Contain("alice is on an older commit").And.Contain("4f3c2b1a0e9d"));
        Assert.That(findings.Single(f => f.Rule.Id == "DES030").Location.Path, Is.EqualTo("models/clf/model.safetensors"));
    }

    [Test]
    public async Task Evaluate_ApprovalByNonApprover_ReportsDES030()
    {
        var findings = await RunAsync(Reviewed(new ReviewVerdict("mallory", ReviewState.Approved, OnHeadCommit: true, IsApprover: false)));

        Assert.That(SignOffIds(findings), Is.EqualTo(new[] { "DES030" }));
    }

    [Test]
    public async Task Evaluate_ChangesRequestedByAnotherApprover_ReportsDES031EvenWithAnApproval()
    {
        var findings = await RunAsync(Reviewed(
            new ReviewVerdict("alice", ReviewState.Approved, OnHeadCommit: true, IsApprover: true),
            new ReviewVerdict("bob", ReviewState.ChangesRequested, OnHeadCommit: true, IsApprover: true)));

        Assert.That(SignOffIds(findings), Is.EqualTo(new[] { "DES031" }));
        Assert.That(findings.Single(f => f.Rule.Id == "DES031").Message, Does.Contain("bob asked for changes"));
    }

    [Test]
    public async Task Evaluate_DismissedReviewOnly_ReportsDES030()
    {
        var findings = await RunAsync(Reviewed(new ReviewVerdict("alice", ReviewState.Dismissed, OnHeadCommit: true, IsApprover: true)));

        Assert.That(SignOffIds(findings), Is.EqualTo(new[] { "DES030" }));
        Assert.That(findings.Single().Message, Does.Contain("alice was dismissed"));
    }

    [Test]
    public async Task Evaluate_ChangeTouchesNothingThatNeedsSignOff_ReportsNothing()
    {
        var review = Reviewed() with { ChangedPaths = ["src/app.py", "README.md"] };

        var findings = await RunAsync(review);

        Assert.That(SignOffIds(findings), Is.Empty);
    }

    [Test]
    public async Task Evaluate_ThreatModelChangedAndSignOffPathsSetting_NeedSignOff()
    {
        var threatModel = Reviewed() with { ChangedPaths = ["docs/threat-model.yml"] };
        var extra = Reviewed() with { ChangedPaths = ["prompts/system.txt"] };
        var settings = GateHarness.Settings(("sign-off-paths", (IReadOnlyList<string>)["prompts/**"]));

        Assert.That(SignOffIds(await RunAsync(threatModel)), Is.EqualTo(new[] { "DES030" }));
        Assert.That(SignOffIds(await RunAsync(extra, settings)), Is.EqualTo(new[] { "DES030" }));
    }

    [Test]
    public async Task Evaluate_Skipped_ReportsDES032AsInfoNeverAPass()
    {
        var findings = await RunAsync(ChangeReviewResult.Skipped("fork pull request: the token is read-only"));

        var notice = findings.Single(f => f.Rule.Id.StartsWith("DES03", StringComparison.Ordinal));
        Assert.That(notice.Rule.Id, Is.EqualTo("DES032"));
        Assert.That(notice.Severity, Is.EqualTo(Severity.Info));
        Assert.That(notice.Message, Does.Contain("fork pull request").And.Contain("not a pass"));
    }

    [Test]
    public async Task Evaluate_ApiError_ReportsDES033High()
    {
        var findings = await RunAsync(ChangeReviewResult.Failed("GitHub pull request #7", "HTTP 502: Bad Gateway"));

        Assert.That(SignOffIds(findings), Is.EqualTo(new[] { "DES033" }));
        Assert.That(findings.Single(f => f.Rule.Id == "DES033").Severity, Is.EqualTo(Severity.High));
    }

    [Test]
    public async Task Run_PassesConfiguredApproversToTheSource_AndSkipsItWhenSignOffIsOff()
    {
        // Given a source that records what it was asked
        var source = new Mock<IChangeReviewSource>();
        source.Setup(s => s.GetAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>())).ReturnsAsync(Reviewed());
        var approvers = GateHarness.Settings(("approvers", (IReadOnlyList<string>)["alice", "@acme/ml-security"]));
        var off = GateHarness.Settings(("require-sign-off", false));

        // When the gate runs with approvers, then with the sign-off off
        await GateHarness.RunAsync(new DesignReviewGate(source.Object), s_repo, approvers);
        var findings = await GateHarness.RunAsync(new DesignReviewGate(source.Object), s_repo, off);

        // Then the approvers were passed once, and the second run asked nothing and reports no sign-off finding
        source.Verify(s => s.GetAsync(It.Is<IReadOnlyList<string>>(a => a.SequenceEqual(new[] { "alice", "@acme/ml-security" })), It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(SignOffIds(findings), Is.Empty);
    }

    [Test]
    public async Task Run_CheckoutHoldsNothingThatNeedsSignOff_DoesNotAskThePlatform()
    {
        // Given a pull request checkout with no model, data, serving config or threat model, and a platform that is down
        using var repo = new TempDirectory();
        repo.Write("README.md", "# A service without models yet\n");
        var source = new Mock<IChangeReviewSource>();
        source.Setup(s => s.GetAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(ChangeReviewResult.Failed("GitHub pull request #7", "HTTP 502: Bad Gateway"));

        // When the gate runs
        var findings = await GateHarness.RunAsync(new DesignReviewGate(source.Object), repo.Path);

        // Then nothing can need a sign-off: the platform is not asked, so its outage cannot block the pull request
        source.Verify(s => s.GetAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.That(SignOffIds(findings), Is.Empty);
    }

    private static ChangeReviewResult Reviewed(params ReviewVerdict[] verdicts) => new()
    {
        Change = "GitHub pull request #7",
        HeadCommit = Head,
        ChangedPaths = ["src/app.py", "models/clf/model.safetensors"],
        Verdicts = verdicts,
    };

    private static async Task<IReadOnlyList<Finding>> RunAsync(ChangeReviewResult review, GateSettings? settings = null)
    {
        var source = new Mock<IChangeReviewSource>();
        source.Setup(s => s.GetAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>())).ReturnsAsync(review);
        return await GateHarness.RunAsync(new DesignReviewGate(source.Object), s_repo, settings);
    }

    private static string[] SignOffIds(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => f.Rule.Id).Where(id => id.StartsWith("DES03", StringComparison.Ordinal))];
}
