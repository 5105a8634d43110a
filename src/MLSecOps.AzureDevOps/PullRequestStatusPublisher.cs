using System.Globalization;
using System.Text.Json.Nodes;
using MLSecOps.AzureDevOps.Rest;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.AzureDevOps;

/// <summary>Posts one pull request status per gate (<c>mlsecops/&lt;gate&gt;</c>) on the iteration the build validates,
/// which a branch status policy can require and reset on new changes.</summary>
/// <remarks>Not required: a failure (no permission, outage) is a pipeline warning and never changes the decision.</remarks>
public sealed class PullRequestStatusPublisher : IFindingPublisher
{
    private readonly PullRequestStatusTarget _target;
    private readonly TextWriter _writer;
    private readonly PullRequestStatusOptions _options;
    private readonly AzureDevOpsRestClient _client;

    /// <summary>Initializes a new instance of the <see cref="PullRequestStatusPublisher"/> class.</summary>
    /// <param name="target">The pull request and token.</param>
    /// <param name="http">The client; the caller owns it.</param>
    /// <param name="writer">Where warnings go as logging commands: the process's standard output.</param>
    /// <param name="options">Naming and retries; defaults when <see langword="null"/>.</param>
    /// <param name="time">The clock for retry delays and <c>Retry-After</c> dates.</param>
    public PullRequestStatusPublisher(PullRequestStatusTarget target, HttpClient http, TextWriter writer, PullRequestStatusOptions? options = null, TimeProvider? time = null)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        ArgumentNullException.ThrowIfNull(http);
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _options = options ?? new PullRequestStatusOptions();
        _client = new AzureDevOpsRestClient(http, target.AccessToken, _options, time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public string Name => "azure-pr-status";

    /// <inheritdoc />
    public bool IsRequired => false;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            var iteration = await PullRequestIterations.FindAsync(_client, _target, cancellationToken).ConfigureAwait(false);
            foreach (var gate in report.Gates)
            {
                await _client.SendAsync(HttpMethod.Post, _target.StatusesUri, Body(gate, report.Decision.FailOn, iteration), "post the pull request status", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            await _writer.WriteLineAsync(LoggingCommand.LogIssue(IssueType.Warning, $"MLSecOps Gates: {ex.Message}").ToString()).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the status description of a gate: its state and counts.</summary>
    /// <param name="gate">The gate's report.</param>
    /// <param name="failOn">The threshold in force.</param>
    /// <returns>For example <c>model-scan: 2 blocking of 5 findings (fail-on high)</c>.</returns>
    public static string Description(GateReport gate, Severity? failOn)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var findings = gate.Findings.Count(f => !f.IsSuppressed);
        var blocking = gate.Findings.Count(f => f.Blocking);
        var threshold = failOn?.ToName() ?? "none";
        return blocking > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{gate.Gate}: {blocking} blocking of {findings} findings (fail-on {threshold})")
            : string.Create(CultureInfo.InvariantCulture, $"{gate.Gate} passed: {findings} findings, none blocking (fail-on {threshold})");
    }

    private JsonObject Body(GateReport gate, Severity? failOn, int? iteration)
    {
        var body = new JsonObject
        {
            ["state"] = gate.Findings.Any(f => f.Blocking) ? "failed" : "succeeded",
            ["description"] = Description(gate, failOn),
            ["context"] = new JsonObject { ["genre"] = _options.Genre, ["name"] = gate.Gate },
        };
        if (_target.TargetUrl is { } url)
        {
            body["targetUrl"] = url.AbsoluteUri;
        }

        if (iteration is { } id)
        {
            body["iterationId"] = id;
        }

        return body;
    }
}
