using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.Cli.Tests;

public sealed class ExitCodesTests
{
    [Test]
    public void From_PassedDecision_IsZero() => Assert.That(ExitCodes.From(new Decision(true, Severity.High, 0)), Is.EqualTo(0));

    [Test]
    public void From_BlockedDecision_IsOne() => Assert.That(ExitCodes.From(new Decision(false, Severity.High, 3)), Is.EqualTo(1));
}
