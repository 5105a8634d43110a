namespace MLSecOps.Core.Reviews;

/// <summary>A reviewer's latest verdict on a change.</summary>
public enum ReviewState
{
    /// <summary>Approved (GitHub <c>APPROVED</c>; Azure DevOps vote 10 or 5).</summary>
    Approved,

    /// <summary>Asked for changes (GitHub <c>CHANGES_REQUESTED</c>; Azure DevOps vote -10 rejected or -5 waiting for author).</summary>
    ChangesRequested,

    /// <summary>The review was dismissed and no longer counts.</summary>
    Dismissed,

    /// <summary>Commented or has not voted.</summary>
    NoVerdict,
}
