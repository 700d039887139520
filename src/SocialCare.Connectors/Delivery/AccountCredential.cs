using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// What a sender needs to publish as one of the brand's accounts: an access token (X: an OAuth 2.0
/// user token with tweet.write and dm.write; Graph: a page access token; WhatsApp: a system user
/// token). Bound from configuration; its text form never shows the token, so logging it is safe.
/// </summary>
public sealed class AccountCredential
{
    public Channel Channel { get; set; }

    public string AccountId { get; set; } = "";

    public string AccessToken { get; set; } = "";

    public override string ToString() => $"{Channel} account {AccountId} (token {(AccessToken.Length == 0 ? "missing" : "set")})";
}
