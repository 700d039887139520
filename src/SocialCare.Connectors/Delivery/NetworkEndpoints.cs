namespace SocialCare.Connectors.Delivery;

/// <summary>Where the networks' APIs are; tests and stub networks point these at loopback.</summary>
public sealed class NetworkEndpoints
{
    /// <summary>The X API v2 base.</summary>
    public Uri X { get; set; } = new("https://api.x.com/");

    /// <summary>The Graph API base, version included (Facebook, Instagram, Messenger and the WhatsApp Cloud API).</summary>
    public Uri Graph { get; set; } = new("https://graph.facebook.com/v23.0/");

    /// <summary>How long one call to a network may take before it counts as a retryable failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
