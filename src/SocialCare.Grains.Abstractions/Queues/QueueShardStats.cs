using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Abstractions.Queues;

[GenerateSerializer, Immutable]
public sealed record QueueShardStats(
    [property: Id(0)] int Backlog,
    [property: Id(1)] IReadOnlyList<FirstResponseSample> RecentFirstResponses);
