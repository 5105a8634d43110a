using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Reporting;

/// <summary>The policy decision: pass or fail, and why.</summary>
/// <param name="Passed">Whether the scan passed the policy.</param>
/// <param name="FailOn">The lowest severity that blocks, or <see langword="null"/> when nothing blocks (<c>none</c>).</param>
/// <param name="BlockingCount">How many findings block.</param>
public sealed record Decision(bool Passed, Severity? FailOn, int BlockingCount)
{
    /// <summary>Gets <c>pass</c> or <c>fail</c>.</summary>
    public string Name => Passed ? "pass" : "fail";
}
