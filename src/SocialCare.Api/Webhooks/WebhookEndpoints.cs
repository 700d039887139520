using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Api.Webhooks;

/// <summary>
/// The networks' webhooks, per tenant: X Account Activity (/webhooks/x/{tenant}: the CRC GET and
/// event POSTs) and Meta (/webhooks/meta/{tenant}: the hub.challenge GET and event POSTs for
/// Facebook pages, Messenger, Instagram and WhatsApp). Every POST is checked against its
/// signature over the body's bytes as received, in constant time; a request is answered 200 only
/// once every post in it is stored, so a network that sees anything else retries, and the retry is
/// stored once.
/// </summary>
public static partial class WebhookEndpoints
{
    /// <summary>Maps the webhooks, served only on the listener <see cref="WebhookListener.Mark"/> marked.</summary>
    public static IEndpointRouteBuilder MapSocialCareWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints.MapGroup("/webhooks");
        webhooks.AddEndpointFilter(static (context, next) =>
            WebhookListener.Came(context.HttpContext) ? next(context) : ValueTask.FromResult<object?>(Results.NotFound()));
        foreach (var network in NetworkWebhook.All)
        {
            webhooks.MapGet($"/{network.Name}/{{tenant}}", (string tenant, HttpRequest request, IOptionsMonitor<WebhookOptions> options) => Challenge(network, tenant, request, options.CurrentValue));
            webhooks.MapPost($"/{network.Name}/{{tenant}}", (string tenant, HttpContext context) => EventsAsync(context, tenant, network));
        }

        return endpoints;
    }

    private static IResult Challenge(NetworkWebhook network, string tenant, HttpRequest request, WebhookOptions options)
    {
        if (Secrets(options, tenant) is not { } secrets || secrets.Get(network.ChallengeSecretSetting) is not { } secret)
        {
            return Results.NotFound();
        }

        var answer = network.Answer(name => request.Query.TryGetValue(name, out var value) ? value.ToString() : null, secret);
        return answer.Body is null ? Results.StatusCode(answer.Status) : Results.Content(answer.Body, answer.ContentType, System.Text.Encoding.UTF8, answer.Status);
    }

    private static async Task<IResult> EventsAsync(HttpContext context, string tenant, NetworkWebhook webhook)
    {
        var network = webhook.Name;
        // Read per request: secrets can be rotated in configuration without a restart.
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue;
        var intake = context.RequestServices.GetRequiredService<WebhookIntake>();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhookEndpoints));
        if (Secrets(options, tenant) is not { } secrets || secrets.Get(webhook.SigningSecretSetting) is not { } secret)
        {
            intake.Count(network, "unknown_tenant");
            return Results.NotFound();
        }

        var body = await ReadBodyAsync(context.Request, options.MaxBodyBytes);
        if (body is null)
        {
            intake.Count(network, "too_large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var verdict = webhook.Verify(body, context.Request.Headers[webhook.SignatureHeader].FirstOrDefault(), secret);
        if (verdict != WebhookVerdict.Valid && !options.AllowUnsigned)
        {
            // Counted and logged without the body: a forged request's content is not worth keeping.
            var outcome = verdict == WebhookVerdict.Mismatch ? "forged" : "unsigned";
            intake.Count(network, outcome);
            LogRefusedSignature(logger, network, tenant, verdict.ToString(), body.Length, context.Connection.RemoteIpAddress?.ToString() ?? "?");
            return Results.StatusCode(verdict == WebhookVerdict.Mismatch ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized);
        }

        // Near its memory limit the silo takes no new mentions: the network resends the whole
        // body after the wait, and nothing of it is half taken.
        if (context.RequestServices.GetService<MemoryAdmission>()?.TryAdmit() == false)
        {
            intake.Count(network, "memory_pressure");
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(MemoryAdmission.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        WebhookBatch batch;
        try
        {
            batch = webhook.Read(body);
        }
        catch (FormatException malformed)
        {
            intake.Count(network, "malformed");
            return Results.BadRequest(malformed.Message);
        }

        try
        {
            var storing = intake.StoreAsync(network, tenant, batch);
            if (await Task.WhenAny(storing, Task.Delay(options.RequestBudget, context.RequestAborted)) != storing)
            {
                // Not all stored in time: the network retries the request, and what did land is a duplicate then.
                intake.Count(network, "too_slow");
                ObserveLater(storing);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var stored = await storing;
            intake.Count(network, "stored");
            return Results.Json(new { stored = stored.Stored, duplicates = stored.Duplicates, echoes = stored.Echoes, applied = stored.Applied, undelivered = stored.Undelivered, skipped = stored.Skipped, refused = stored.Refused, skipped_by = stored.SkippedBy });
        }
        catch (CareException unknown) when (unknown.Kind == CareErrorKind.NotFound)
        {
            intake.Count(network, "unknown_tenant");
            return Results.NotFound();
        }
    }

    /// <summary>A store that outlived its request still finishes; its failure is the network's retry to fix.</summary>
    private static void ObserveLater(Task storing) =>
        storing.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static WebhookSecrets? Secrets(WebhookOptions options, string tenant) => options.Tenants.GetValueOrDefault(tenant);

    /// <summary>The body's bytes as received (signatures are over them, not over re-serialised JSON); null past the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "A {Network} webhook for tenant {TenantId} was refused: signature {Verdict} ({Bytes} bytes from {Remote}).")]
    private static partial void LogRefusedSignature(ILogger logger, string network, string tenantId, string verdict, int bytes, string remote);
}
