using Microsoft.Extensions.Options;
using SocialCare.Connectors.Webhooks;

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

/// <summary>
/// One tenant's webhook secrets by setting name, as each network's webhook names them (X:
/// XConsumerSecret; Meta: MetaAppSecret and MetaVerifyToken), so a network added later needs no
/// code here. The text form never shows them.
/// </summary>
public sealed class WebhookSecrets : Dictionary<string, string>
{
    public WebhookSecrets()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>A setting's value, or null when it is unset or empty.</summary>
    public string? Get(string setting) => TryGetValue(setting, out var value) && value.Length > 0 ? value : null;

    public override string ToString() =>
        string.Join(", ", this.OrderBy(setting => setting.Key, StringComparer.Ordinal).Select(setting => $"{setting.Key} {(string.IsNullOrEmpty(setting.Value) ? "unset" : "set")}"));
}

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
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

        var known = NetworkWebhook.All.SelectMany(network => new[] { network.SigningSecretSetting, network.ChallengeSecretSetting })
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
        foreach (var (tenant, secrets) in options.Tenants)
        {
            // A misspelt setting would leave the network's webhook answering 404 with nothing said.
            foreach (var setting in secrets.Keys.Where(setting => !known.Contains(setting, StringComparer.OrdinalIgnoreCase)))
            {
                failures.Add($"{WebhookOptions.Section}:Tenants:{tenant}:{setting} is not a webhook secret; the networks read {string.Join(", ", known)}.");
            }

            foreach (var network in NetworkWebhook.All.Where(network => secrets.Get(network.SigningSecretSetting) is not null && secrets.Get(network.ChallengeSecretSetting) is null))
            {
                failures.Add($"{WebhookOptions.Section}:Tenants:{tenant}:{network.ChallengeSecretSetting} must be set with {network.SigningSecretSetting} (the network's subscription check needs it).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
