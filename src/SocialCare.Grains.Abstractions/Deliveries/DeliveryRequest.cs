using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Abstractions.Deliveries;

/// <summary>A sender asking for work.</summary>
/// <param name="Owner">The sender's name, kept on the rows it leases (for operators).</param>
/// <param name="Channels">The networks it publishes to; empty for all.</param>
/// <param name="AccountIds">The brand accounts it holds credentials for; empty for all.</param>
/// <param name="Take">The most deliveries it wants now.</param>
[GenerateSerializer, Immutable]
public sealed record DeliveryRequest(
    [property: Id(0)] string Owner,
    [property: Id(1)] IReadOnlyList<Channel> Channels,
    [property: Id(2)] IReadOnlyList<string> AccountIds,
    [property: Id(3)] int Take);
