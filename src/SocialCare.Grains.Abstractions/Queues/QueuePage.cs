using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Abstractions.Queues;

[GenerateSerializer, Immutable]
public sealed record QueuePage(
    [property: Id(0)] IReadOnlyList<QueueItem> Items,
    [property: Id(1)] QueuePosition? Next);
