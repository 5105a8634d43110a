using System.Text.Json.Serialization;
using MLSecOps.GitHub.Reviews;

namespace MLSecOps.GitHub.Api;

/// <summary>Source-generated contracts of every GitHub REST body the CLI sends or reads: snake_case names, nulls left out,
/// no reflection, so NativeAOT keeps them (Octokit's reflection-based SimpleJson did not: the check-run list failed to read).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckRunList))]
[JsonSerializable(typeof(List<SentAnnotation>))]
[JsonSerializable(typeof(CheckRunCreate))]
[JsonSerializable(typeof(CheckRunUpdate))]
[JsonSerializable(typeof(CheckRunReference))]
[JsonSerializable(typeof(List<IssueComment>))]
[JsonSerializable(typeof(IssueComment))]
[JsonSerializable(typeof(IssueCommentBody))]
[JsonSerializable(typeof(SarifUploadRequest))]
[JsonSerializable(typeof(SarifUploadReceipt))]
[JsonSerializable(typeof(SarifUploadStatus))]
[JsonSerializable(typeof(List<PullRequestReview>))]
[JsonSerializable(typeof(List<PullRequestFile>))]
[JsonSerializable(typeof(TeamMembership))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
