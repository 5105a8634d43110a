using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;

namespace MLSecOps.GitHub.Api;

/// <summary>Calls the GitHub REST API for one repository over <see cref="HttpClient"/> with source-generated JSON contracts
/// (<see cref="GitHubJsonContext"/>), so NativeAOT keeps every call; each request goes through the retry pipeline.</summary>
internal sealed class GitHubApi
{
    /// <summary>The most pages a list is read to (100 items each); GitHub lists stop long before.</summary>
    internal const int MaxPages = 100;

    /// <summary>The largest answer read; anything longer is a failed call, never a buffer without end.</summary>
    internal const int MaxResponseBytes = 32 * 1024 * 1024;

    // One client per process: its handler pools connections, and a CLI run is one short process.
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(100) };
    private static readonly string s_userAgent = $"mlsecops/{typeof(GitHubApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";

    private readonly ResiliencePipeline _pipeline;
    private readonly Uri _baseAddress;
    private readonly string _token;

    private GitHubApi(Uri baseAddress, string token, string owner, string repository, ResiliencePipeline pipeline)
    {
        _baseAddress = baseAddress;
        _token = token;
        Owner = owner;
        Repository = repository;
        _pipeline = pipeline;
    }

    /// <summary>Gets the repository owner.</summary>
    public string Owner { get; }

    /// <summary>Gets the repository name.</summary>
    public string Repository { get; }

    /// <summary>Creates the client for <paramref name="environment"/>, or returns <see langword="null"/> without a token or repository.</summary>
    /// <param name="environment">The run's environment; its <see cref="GitHubEnvironment.ApiUrl"/> is the base address.</param>
    /// <param name="pipeline">The retry pipeline.</param>
    /// <returns>The client, or <see langword="null"/>.</returns>
    public static GitHubApi? For(GitHubEnvironment environment, ResiliencePipeline pipeline)
    {
        if (environment.Token is not { } token || environment.Owner is not { } owner || environment.RepositoryName is not { } name)
        {
            return null;
        }

        // GHES addresses end in /api/v3: without a trailing slash, relative paths would replace its last segment.
        var address = environment.ApiUrl.AbsoluteUri;
        return new GitHubApi(new Uri(address.EndsWith('/') ? address : address + "/"), token, owner, name, pipeline);
    }

    /// <summary>Returns an address relative to the API base under <c>repos/{owner}/{repo}/</c>.</summary>
    /// <param name="path">The path after <c>repos/{owner}/{repo}/</c>, its segments already escaped.</param>
    /// <returns>The relative address.</returns>
    public Uri RepositoryUri(string path) =>
        new($"repos/{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Repository)}/{path}", UriKind.Relative);

    /// <summary>Reads one resource.</summary>
    /// <typeparam name="T">The answer's type.</typeparam>
    /// <param name="uri">The address relative to the API base.</param>
    /// <param name="answer">The answer's contract.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="GitHubApiException">GitHub refused the call or answered with something unreadable.</exception>
    public async Task<T> GetAsync<T>(Uri uri, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        var (_, body) = await SendAsync(HttpMethod.Get, Absolute(uri), null, cancellationToken).ConfigureAwait(false);
        return Read(body, answer);
    }

    /// <summary>Reads every page of a list, following the <c>Link: rel="next"</c> header (at most <see cref="MaxPages"/> pages).</summary>
    /// <typeparam name="TPage">The type of one page.</typeparam>
    /// <typeparam name="TItem">The type of one item.</typeparam>
    /// <param name="uri">The list's address relative to the API base, with or without a query.</param>
    /// <param name="page">The contract of one page.</param>
    /// <param name="items">The items of one page.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The items of all pages, in order.</returns>
    /// <exception cref="GitHubApiException">GitHub refused a call, answered with something unreadable, or pointed the next page elsewhere.</exception>
    public async Task<IReadOnlyList<TItem>> GetAllAsync<TPage, TItem>(Uri uri, JsonTypeInfo<TPage> page, Func<TPage, IEnumerable<TItem>?> items, CancellationToken cancellationToken)
    {
        var all = new List<TItem>();
        var address = Absolute(uri);
        var separator = address.Query.Length > 0 ? '&' : '?';
        Uri? next = new($"{address.AbsoluteUri}{separator}per_page=100");
        for (var pages = 0; next is not null && pages < MaxPages; pages++)
        {
            var (headers, body) = await SendAsync(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            all.AddRange(items(Read(body, page)) ?? []);
            next = NextPage(headers);
        }

        return all;
    }

    /// <summary>Sends a body and reads the answer.</summary>
    /// <typeparam name="TBody">The body's type.</typeparam>
    /// <typeparam name="TAnswer">The answer's type.</typeparam>
    /// <param name="method">POST or PATCH.</param>
    /// <param name="uri">The address relative to the API base.</param>
    /// <param name="body">The body.</param>
    /// <param name="contract">The body's contract.</param>
    /// <param name="answer">The answer's contract.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="GitHubApiException">GitHub refused the call or answered with something unreadable.</exception>
    public async Task<TAnswer> SendAsync<TBody, TAnswer>(HttpMethod method, Uri uri, TBody body, JsonTypeInfo<TBody> contract, JsonTypeInfo<TAnswer> answer, CancellationToken cancellationToken)
    {
        var (_, text) = await SendAsync(method, Absolute(uri), JsonSerializer.SerializeToUtf8Bytes(body, contract), cancellationToken).ConfigureAwait(false);
        return Read(text, answer);
    }

    /// <summary>Tells whether a failure means the token may not do this (read-only fork token, missing permission, feature off).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether the publisher should be skipped with a notice rather than warned about.</returns>
    public static bool IsPermissionDenied(Exception exception) =>
        exception is GitHubApiException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, IsRateLimit: false, IsSecondaryRateLimit: false };

    /// <summary>Tells whether a failure is a GitHub API or network failure that must only be warned about.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether the publisher should report a warning and carry on; callers rethrow their own cancellation first.</returns>
    public static bool IsApiFailure(Exception exception) =>
        exception is GitHubApiException or HttpRequestException or TaskCanceledException or TimeoutException;

    /// <summary>Describes a failure in one line, without headers or tokens.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>For example <c>HTTP 403: Resource not accessible by integration</c>.</returns>
    public static string Describe(Exception exception) => exception switch
    {
        GitHubApiException api => $"HTTP {(int)api.StatusCode}: {api.Message}",
        _ => exception.Message,
    };

    private static T Read<T>(byte[] body, JsonTypeInfo<T> answer)
    {
        try
        {
            return JsonSerializer.Deserialize(body, answer) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new GitHubApiException(HttpStatusCode.OK, $"GitHub answered with JSON that is not a {typeof(T).Name} ({ex.Message})", new Dictionary<string, string>());
        }
    }

    private Uri Absolute(Uri relative) => new(_baseAddress, relative);

    // The next page must be on the API host: the token goes with every request.
    private Uri? NextPage(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Link", out var link))
        {
            return null;
        }

        foreach (var part in link.Split(','))
        {
            var fields = part.Split(';', StringSplitOptions.TrimEntries);
            if (fields.Length < 2 || !fields.Skip(1).Any(f => f.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next")
                || !fields[0].StartsWith('<') || !fields[0].EndsWith('>'))
            {
                continue;
            }

            if (!Uri.TryCreate(fields[0][1..^1], UriKind.Absolute, out var next)
                || Uri.Compare(next, _baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new GitHubApiException(HttpStatusCode.OK, "GitHub's next-page link points away from the API address", headers);
            }

            return next;
        }

        return null;
    }

    private async Task<(IReadOnlyDictionary<string, string> Headers, byte[] Body)> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                using var request = new HttpRequestMessage(state.method, state.uri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", state.api._token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
                request.Headers.UserAgent.ParseAdd(s_userAgent);
                request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
                if (state.body is not null)
                {
                    request.Content = new ByteArrayContent(state.body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
                }

                using var response = await s_http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                var headers = Headers(response);
                var text = await ReadBoundedAsync(response, headers, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new GitHubApiException(response.StatusCode, GitHubApiException.MessageOf(text, response.ReasonPhrase), headers);
                }

                return (headers, text);
            },
            (method, uri, body, api: this),
            cancellationToken).ConfigureAwait(false);

    private static Dictionary<string, string> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }

        return headers;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var tooLarge = $"GitHub's answer is larger than {MaxResponseBytes / 1024 / 1024} MiB";
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new GitHubApiException(response.StatusCode, tooLarge, headers);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81_920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new GitHubApiException(response.StatusCode, tooLarge, headers);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
