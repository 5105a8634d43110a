using System.Globalization;
using System.Net;
using System.Text.Json;
using MLSecOps.Core.Reporting;
using MLSecOps.GitHub.Workflow;

namespace MLSecOps.GitHub.Api;

/// <summary>Uploads the SARIF file the CLI wrote to code scanning and waits until GitHub has processed it.</summary>
/// <remarks>Runs after the SARIF file publisher. Skipped with a notice without a token, for fork pull requests
/// and when the token lacks <c>security-events: write</c>; any other API failure is a warning.</remarks>
internal sealed class CodeScanningUploadPublisher : IFindingPublisher
{
    private readonly GitHubApi? _api;
    private readonly GitHubEnvironment _environment;
    private readonly string _sarifPath;
    private readonly SarifUploadLimits _limits;
    private readonly GitHubPublishOptions _options;
    private readonly WorkflowLog _log;
    private readonly TextWriter _stdout;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="CodeScanningUploadPublisher"/> class.</summary>
    /// <param name="api">The API client, or <see langword="null"/> without a token.</param>
    /// <param name="environment">The run's environment.</param>
    /// <param name="sarifPath">The SARIF file to upload.</param>
    /// <param name="limits">GitHub's upload limits.</param>
    /// <param name="options">Polling options.</param>
    /// <param name="stdout">The step's standard output.</param>
    /// <param name="time">The clock for polling.</param>
    public CodeScanningUploadPublisher(
        GitHubApi? api, GitHubEnvironment environment, string sarifPath, SarifUploadLimits limits, GitHubPublishOptions options, TextWriter stdout, TimeProvider time)
    {
        _api = api;
        _environment = environment;
        _sarifPath = sarifPath;
        _limits = limits;
        _options = options;
        _stdout = stdout;
        _log = new WorkflowLog(stdout);
        _time = time;
    }

    /// <inheritdoc />
    public string Name => "github-code-scanning";

    /// <inheritdoc />
    public bool IsRequired => false;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (SkipReason() is { } reason)
        {
            await _log.NoticeAsync($"Code scanning upload skipped: {reason}. The SARIF file {_sarifPath} has every finding.", cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var plan = SarifUploadPlan.Create(await File.ReadAllBytesAsync(_sarifPath, cancellationToken).ConfigureAwait(false), _limits);
            if (plan.Notices.Count > 0)
            {
                await _log.NoticeAsync($"Code scanning: {string.Join(" ", plan.Notices)}", cancellationToken).ConfigureAwait(false);
            }

            foreach (var upload in plan.Uploads)
            {
                await UploadAsync(_api!, upload, report.StartedAt, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && GitHubApi.IsPermissionDenied(ex))
        {
            await _log.NoticeAsync(
                $"Code scanning upload skipped: {GitHubApi.Describe(ex)}. The job needs 'permissions: security-events: write' and code scanning must be available for the repository.",
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (GitHubApi.IsApiFailure(ex) || ex is IOException or JsonException or SarifProcessingException))
        {
            await _log.WarningAsync($"Code scanning upload failed: {GitHubApi.Describe(ex)}. The decision is unchanged.", cancellationToken).ConfigureAwait(false);
        }
    }

    private string? SkipReason() => (_api, _environment) switch
    {
        (null, { Token: null }) => "no GitHub token (set the 'token' input or GITHUB_TOKEN)",
        (null, _) => "GITHUB_REPOSITORY is not set",
        (_, { PullRequest.IsFromFork: true }) => "pull requests from forks get a read-only token",
        (_, { Sha: null }) => "GITHUB_SHA is not set",
        _ when UploadRef() is null => "GITHUB_REF is not set",
        _ when !File.Exists(_sarifPath) => $"the SARIF file {_sarifPath} does not exist",
        _ => null,
    };

    // The scanned files are the checkout of GITHUB_SHA: for pull requests the test merge commit, whose ref is refs/pull/N/merge.
    private string? UploadRef() => _environment.EventName == "pull_request" && _environment.PullRequest is { } pr
        ? $"refs/pull/{pr.Number.ToString(CultureInfo.InvariantCulture)}/merge"
        : _environment.Ref;

    private async Task UploadAsync(GitHubApi api, SarifUploadPlan.Upload upload, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var request = new SarifUploadRequest
        {
            CommitSha = _environment.Sha!,
            Ref = UploadRef()!,
            Sarif = Convert.ToBase64String(upload.Gzip),
            CheckoutUri = _environment.Workspace is { } workspace ? new Uri(Path.TrimEndingDirectorySeparator(workspace) + "/").AbsoluteUri : null,
            StartedAt = startedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ToolName = "MLSecOps",
        };
        var receipt = await api.SendAsync(
            HttpMethod.Post, api.RepositoryUri("code-scanning/sarifs"), request, GitHubJsonContext.Default.SarifUploadRequest, GitHubJsonContext.Default.SarifUploadReceipt, cancellationToken)
            .ConfigureAwait(false);
        var categories = string.Join(", ", upload.Categories);
        var status = await WaitForProcessingAsync(api, receipt.Id, cancellationToken).ConfigureAwait(false);
        var line = status?.ProcessingStatus switch
        {
            "complete" => $"MLSecOps: code scanning processed SARIF upload {receipt.Id} ({categories}, {upload.ResultCount} results).",
            "failed" => throw new SarifProcessingException($"GitHub could not process SARIF upload {receipt.Id} ({categories}): {string.Join("; ", status.Errors ?? [])}"),
            _ => $"MLSecOps: SARIF upload {receipt.Id} ({categories}) is still being processed after {_options.ProcessingTimeout.TotalSeconds:0} s; results will appear in code scanning when it finishes.",
        };
        await _stdout.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SarifUploadStatus?> WaitForProcessingAsync(GitHubApi api, string id, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.ProcessingTimeout;
        var uri = api.RepositoryUri($"code-scanning/sarifs/{Uri.EscapeDataString(id)}");
        SarifUploadStatus? status = null;
        while (_time.GetUtcNow() < deadline)
        {
            await Task.Delay(_options.ProcessingPollInterval, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                status = await api.GetAsync(uri, GitHubJsonContext.Default.SarifUploadStatus, cancellationToken).ConfigureAwait(false);
            }
            catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // GitHub can answer 404 for a moment right after accepting an upload.
                continue;
            }

            if (status.ProcessingStatus is "complete" or "failed")
            {
                return status;
            }
        }

        return status;
    }

    /// <summary>GitHub accepted an upload but failed to process it.</summary>
    internal sealed class SarifProcessingException(string message) : Exception(message);
}
