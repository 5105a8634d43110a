namespace MLSecOps.Core.Reviews;

/// <summary>Reads the reviews of the change (pull request) a run belongs to from the platform that hosts it.</summary>
/// <remarks>Implemented by the platform projects; gates see only this contract.</remarks>
public interface IChangeReviewSource
{
    /// <summary>Reads the change under review and the latest verdict of each reviewer.</summary>
    /// <param name="approvers">Who may sign off: user names or <c>@org/team</c>; empty means the platform's own notion (any approver, required reviewers).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The reviews, or why they are unavailable; never throws for API failures.</returns>
    Task<ChangeReviewResult> GetAsync(IReadOnlyList<string> approvers, CancellationToken cancellationToken);
}
