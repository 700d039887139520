namespace SocialCare.Connectors.Webhooks;

/// <summary>What a webhook's signature check found. Only <see cref="Valid"/> lets a request in.</summary>
public enum WebhookVerdict
{
    Valid = 0,

    /// <summary>No signature header: answered 401.</summary>
    Missing = 1,

    /// <summary>A header that is not "sha256=" and a well-formed digest: answered 401.</summary>
    Malformed = 2,

    /// <summary>A well-formed signature of other bytes or another secret: answered 403.</summary>
    Mismatch = 3,
}
