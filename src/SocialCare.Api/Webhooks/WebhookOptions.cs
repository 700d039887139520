using Microsoft.Extensions.Options;

namespace SocialCare.Api.Webhooks;

/// <summary>The networks' webhooks, bound from "SocialCare:Webhooks": each tenant's secrets, and the bounds on a request.</summary>
public sealed class WebhookOptions
{
    public const string Section = "SocialCare:Webhooks";

    /// <summary>
    /// Accept requests without a valid signature (local trials with a hand-made payload). Off by
    /// default; the host refuses to start with it on in the PostgreSQL profile.
    /// </summary>
    public bool AllowUnsigned { get; set; }

    /// <summary>Each tenant's app secrets, by tenant id. A tenant without an entry has no webhooks (404).</summary>
    public Dictionary<string, WebhookSecrets> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The largest body read; a batch of Meta entries stays far below it.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a request may take to store its mentions before it is answered 503 (the network
    /// then retries, and what was stored is a duplicate the second time). Under X's 10 seconds.
    /// </summary>
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(8);
}

/// <summary>One tenant's webhook secrets; the text form never shows them.</summary>
public sealed class WebhookSecrets
{
    /// <summary>The X app's consumer secret: signs CRC answers and checks x-twitter-webhooks-signature.</summary>
    public string? XConsumerSecret { get; set; }

    /// <summary>The Meta app's secret: checks X-Hub-Signature-256 (Facebook, Instagram, Messenger, WhatsApp).</summary>
    public string? MetaAppSecret { get; set; }

    /// <summary>The verify token given to Meta when subscribing; echoed in the hub.challenge handshake.</summary>
    public string? MetaVerifyToken { get; set; }

    public override string ToString() =>
        $"X secret {(string.IsNullOrEmpty(XConsumerSecret) ? "unset" : "set")}, Meta secret {(string.IsNullOrEmpty(MetaAppSecret) ? "unset" : "set")}";
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{WebhookOptions.Section}:MaxBodyBytes must be between 1 KiB and 16 MiB.");
        }

        if (options.RequestBudget < TimeSpan.FromMilliseconds(100) || options.RequestBudget > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{WebhookOptions.Section}:RequestBudget must be between 100 milliseconds and 60 seconds.");
        }

        foreach (var (tenant, secrets) in options.Tenants)
        {
            if (!string.IsNullOrEmpty(secrets.MetaAppSecret) && string.IsNullOrEmpty(secrets.MetaVerifyToken))
            {
                failures.Add($"{WebhookOptions.Section}:Tenants:{tenant}:MetaVerifyToken must be set with MetaAppSecret (Meta's subscription handshake needs it).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
