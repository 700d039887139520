using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SocialCare.Connectors.Webhooks;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// One HTTP call to a network, turned into a <see cref="SendResult"/> whatever happens: an answer
/// with the published message's id, a refusal in the network's words, a rate limit with how long
/// to wait, or a failure of the connection (timeouts and resets are retryable).
/// </summary>
internal static class NetworkCall
{
    /// <summary>The longest part of a network's error body kept as the reason an agent reads.</summary>
    private const int MaxReasonLength = 500;

    /// <summary>Absent optional fields are left out, not sent as null (the networks refuse some nulls).</summary>
    private static readonly JsonSerializerOptions BodyOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static HttpRequestMessage PostJson(Uri uri, string accessToken, object body) => new(HttpMethod.Post, uri)
    {
        Content = new StringContent(JsonSerializer.Serialize(body, BodyOptions), Encoding.UTF8, "application/json"),
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
    };

    public static HttpRequestMessage Delete(Uri uri, string accessToken) => new(HttpMethod.Delete, uri)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
    };

    /// <summary>
    /// Deletes a message of the brand's: a success body that confirms it, or a 404 (it is gone
    /// already, by an earlier try whose answer was lost or by hand), reports it retracted.
    /// </summary>
    public static async Task<SendResult> RetractAsync(
        HttpClient http,
        Uri uri,
        string accessToken,
        string networkMessageId,
        TimeSpan timeout,
        TimeProvider clock,
        Func<JsonElement, bool> confirmed,
        Func<HttpStatusCode, JsonElement, string, SendResult?> classify,
        CancellationToken cancellationToken)
    {
        using var request = Delete(uri, accessToken);
        return await SendAsync(
            http,
            request,
            timeout,
            clock,
            json => confirmed(json) ? networkMessageId : null,
            (status, json, body) => status == HttpStatusCode.NotFound ? SendResult.Sent(networkMessageId) : classify(status, json, body),
            cancellationToken).ConfigureAwait(false);
    }

    /// <param name="readId">The published message's id in a success body; null if the body has none.</param>
    /// <param name="classify">The network's reading of an error body (rate limit, transient); null for the default by status.</param>
    public static async Task<SendResult> SendAsync(
        HttpClient http,
        HttpRequestMessage request,
        TimeSpan timeout,
        TimeProvider clock,
        Func<JsonElement, string?> readId,
        Func<HttpStatusCode, JsonElement, string, SendResult?> classify,
        CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, attempt.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
            using var document = TryParse(body);
            var json = document?.RootElement ?? default;
            if (response.IsSuccessStatusCode)
            {
                return readId(json) is { Length: > 0 } id
                    ? SendResult.Sent(id)
                    : SendResult.Retryable($"HTTP {(int)response.StatusCode} without a message id: {Excerpt(body)}");
            }

            var said = $"HTTP {(int)response.StatusCode}: {ErrorText(json) ?? Excerpt(body)}";
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return SendResult.RateLimited(said, RetryAfter(response, clock));
            }

            if (classify(response.StatusCode, json, said) is { } read)
            {
                return read.Outcome == Domain.Deliveries.DeliveryOutcome.RateLimited ? read with { RetryAfter = RetryAfter(response, clock) } : read;
            }

            return (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
                ? SendResult.Retryable(said)
                : SendResult.Rejected(said);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retryable($"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException failed)
        {
            return SendResult.Retryable($"connection failed: {failed.Message}");
        }
        catch (IOException broken)
        {
            return SendResult.Retryable($"connection broken: {broken.Message}");
        }
    }

    /// <summary>
    /// The wait a rate-limited answer asks for: Retry-After (seconds or a date), or X's
    /// x-rate-limit-reset (the epoch second the window resets); null when it does not say.
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (response.Headers.RetryAfter is { } retry)
        {
            return retry.Delta ?? (retry.Date is { } date ? Positive(date - now) : null);
        }

        if (response.Headers.TryGetValues("x-rate-limit-reset", out var resets)
            && long.TryParse(resets.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            return Positive(DateTimeOffset.FromUnixTimeSeconds(epoch) - now);
        }

        return null;

        static TimeSpan? Positive(TimeSpan span) => span > TimeSpan.Zero ? span : null;
    }

    /// <summary>The error's words: Graph's error.message, X's detail, title or errors[0].message.</summary>
    private static string? ErrorText(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (json.TryGetProperty("error", out var graph) && Json.Text(graph, "message") is { } message)
        {
            return Json.Text(graph, "code") is { } code ? $"({code}) {message}" : message;
        }

        return Json.Text(json, "detail") ?? Json.Text(json, "title") ?? Json.Array(json, "errors").Select(e => Json.Text(e, "message")).FirstOrDefault(m => m is not null);
    }

    private static JsonDocument? TryParse(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxReasonLength)).Trim();
        return text.Length == 0 ? "(empty body)" : text;
    }
}
