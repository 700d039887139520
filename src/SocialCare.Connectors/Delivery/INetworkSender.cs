using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Delivery;

/// <summary>Publishes replies on one network's API. One try per call; the outbox decides about retries.</summary>
public interface INetworkSender
{
    /// <summary>The channels this sender publishes to.</summary>
    IReadOnlyList<Channel> Channels { get; }

    /// <summary>Never throws for what the network or the connection does: every such outcome is a <see cref="SendResult"/>.</summary>
    Task<SendResult> SendAsync(OutboundReply reply, AccountCredential credential, CancellationToken cancellationToken);
}
