using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MLSecOps.GitHub.Api;

/// <summary>GitHub refused a call (or answered with something unreadable): the status, GitHub's message and the headers
/// that say when to retry.</summary>
internal sealed class GitHubApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="GitHubApiException"/> class.</summary>
    /// <param name="statusCode">The answer's status.</param>
    /// <param name="message">GitHub's <c>message</c>, or what was wrong with the answer.</param>
    /// <param name="headers">The answer's headers, names compared without case.</param>
    public GitHubApiException(HttpStatusCode statusCode, string message, IReadOnlyDictionary<string, string> headers)
        : base(message)
    {
        StatusCode = statusCode;
        Headers = headers;
    }

    /// <summary>Gets the answer's status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the answer's headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets whether the primary rate limit is used up: GitHub says so, or <c>x-ratelimit-remaining</c> is 0.</summary>
    public bool IsRateLimit =>
        StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests
        && (Message.Contains("rate limit exceeded", StringComparison.OrdinalIgnoreCase) || Header("x-ratelimit-remaining") == "0");

    /// <summary>Gets whether GitHub's secondary (abuse) rate limit stopped the call.</summary>
    public bool IsSecondaryRateLimit =>
        StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests
        && (Message.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase) || Message.Contains("abuse detection", StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns a header's value, or <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Returns GitHub's error message from an error body (<c>{"message": "..."}</c>), or the reason phrase.</summary>
    /// <param name="body">The error body.</param>
    /// <param name="reasonPhrase">The status line's reason phrase.</param>
    /// <returns>The message, without control characters (it is printed in workflow commands).</returns>
    internal static string MessageOf(ReadOnlySpan<byte> body, string? reasonPhrase)
    {
        string? message = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (body.Length > 0 && JsonDocument.TryParseValue(ref reader, out var document))
            {
                using (document)
                {
                    if (document.RootElement.ValueKind == JsonValueKind.Object
                        && document.RootElement.TryGetProperty("message", out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        message = value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): the reason phrase says enough.
        }

        message = string.IsNullOrWhiteSpace(message) ? reasonPhrase ?? "no message" : message;
        var clean = new string(message.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= 500 ? clean : string.Create(CultureInfo.InvariantCulture, $"{clean[..499]}…");
    }
}
