namespace MLSecOps.Core.Reviews;

/// <summary>Whether a change carries a security sign-off, decided from the reviewers' latest verdicts.</summary>
public enum SignOffStatus
{
    /// <summary>An approver approved the head commit and no approver asks for changes.</summary>
    SignedOff,

    /// <summary>No approver approved the head commit (none at all, only stale or dismissed approvals).</summary>
    Missing,

    /// <summary>An approver asks for changes; this blocks even when another approver approved.</summary>
    ChangesRequested,
}
