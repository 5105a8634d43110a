using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;

namespace MLSecOps.AzureDevOps.Rest;

/// <summary>Calls the Azure DevOps REST API (api-version 7.1) with the job token: retries with backoff and
/// <c>Retry-After</c>, pages with continuation tokens, and turns refusals into messages that name the fix.</summary>
/// <param name="http">The client; the caller owns it.</param>
/// <param name="accessToken">The job token, sent as a Bearer token and never printed.</param>
/// <param name="options">Retries and timeouts.</param>
/// <param name="time">The clock for retry delays and <c>Retry-After</c> dates.</param>
internal sealed class AzureDevOpsRestClient(HttpClient http, string accessToken, PullRequestStatusOptions options, TimeProvider time)
{
    /// <summary>The REST API version every call asks for.</summary>
    public const string ApiVersion = "7.1";

    private const string ContinuationHeader = "x-ms-continuationtoken";

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = BuildPipeline(options, time);

    /// <summary>Sends one request and returns the JSON answer (or <see langword="null"/> for an empty body).</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, Uri uri, JsonNode? body, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, uri, body, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, operation);
        return await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every item of a list, following <c>x-ms-continuationtoken</c> until the server sends none.</summary>
    public async IAsyncEnumerable<JsonObject> GetAllAsync(Uri uri, string operation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = continuation is null ? uri : new Uri($"{uri.AbsoluteUri}&continuationToken={Uri.EscapeDataString(continuation)}");
            using var response = await SendRawAsync(HttpMethod.Get, page, null, cancellationToken).ConfigureAwait(false);
            EnsureSuccess(response, operation);
            continuation = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault(v => v.Length > 0) : null;
            if (await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false) is JsonObject { } json && json["value"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    yield return item;
                }
            }
        }
        while (continuation is not null && ++pages < options.MaxPages);
    }

    /// <summary>Returns the message for a refused call: what was refused and which permission or variable fixes it.</summary>
    public static string Failure(HttpStatusCode status, string operation) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => string.Create(
            CultureInfo.InvariantCulture,
            $"Azure DevOps refused to {operation} ({(int)status}): the build service identity ('<project> Build Service (<organization>)') needs 'Contribute to pull requests' on the repository (Project settings > Repositories > Security), and a script step must map the token (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))."),
        HttpStatusCode.NotFound =>
            $"Azure DevOps found no such pull request or repository when trying to {operation} (404): check SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID and SYSTEM_PULLREQUEST_PULLREQUESTID.",
        _ => string.Create(CultureInfo.InvariantCulture, $"Azure DevOps did not {operation} ({(int)status})."),
    };

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, Uri uri, JsonNode? body, CancellationToken cancellationToken)
    {
        var bytes = body is null ? null : Utf8(body);
        return await _pipeline.ExecuteAsync(
            async ct =>
            {
                using var request = new HttpRequestMessage(method, uri);
                if (bytes is not null)
                {
                    request.Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
                }

                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return await http.SendAsync(request, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    // The node writes itself: JsonSerializer's JsonNode path is reflection-based and NativeAOT cannot keep it.
    private static byte[] Utf8(JsonNode body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void EnsureSuccess(HttpResponseMessage response, string operation)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(Failure(response.StatusCode, operation), null, response.StatusCode);
        }
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException("Azure DevOps answered with something that is not JSON.", ex, response.StatusCode);
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(PullRequestStatusOptions options, TimeProvider time) =>
        AzureDevOpsRetryPipeline.Build(options.MaxRetryAttempts, options.RetryDelay, options.MaxRetryAfter, options.AttemptTimeout, time);
}
