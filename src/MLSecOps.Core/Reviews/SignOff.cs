namespace MLSecOps.Core.Reviews;

/// <summary>Decides <see cref="SignOffStatus"/> from verdicts; the same rule for every platform.</summary>
public static class SignOff
{
    /// <summary>Decides the sign-off status.</summary>
    /// <param name="verdicts">The latest verdict of each reviewer.</param>
    /// <returns>The status.</returns>
    public static SignOffStatus Decide(IReadOnlyList<ReviewVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (verdicts.Any(v => v.IsApprover && v.State == ReviewState.ChangesRequested))
        {
            return SignOffStatus.ChangesRequested;
        }

        return verdicts.Any(v => v.IsApprover && v.State == ReviewState.Approved && v.OnHeadCommit) ? SignOffStatus.SignedOff : SignOffStatus.Missing;
    }
}
