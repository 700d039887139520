namespace SocialCare.Domain.Queues;

public sealed record WaitEstimate(TimeSpan EstimatedWait, bool Measured, int Backlog, int SampleCount);
