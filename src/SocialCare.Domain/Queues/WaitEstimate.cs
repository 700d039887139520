namespace SocialCare.Domain.Queues;

[GenerateSerializer, Immutable]
public sealed record WaitEstimate(
    [property: Id(0)] TimeSpan EstimatedWait,
    [property: Id(1)] bool Measured,
    [property: Id(2)] int Backlog,
    [property: Id(3)] int SampleCount);
