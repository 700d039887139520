using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Running;

/// <summary>
/// One stream of arrivals in a scenario (NBomber users would call it a scenario's injection):
/// mentions arriving from the networks, or agents picking up work. Each arrival runs
/// <see cref="Act"/> once; a flow's steps record their own measurements through the call.
/// </summary>
internal sealed record LoadFlow(string Name, IArrivalRate Rate, Func<FlowCall, Task> Act);

/// <summary>
/// One arrival: its number within its flow, the moment it was due to start (a
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp; latency counts from here, not from when
/// the client got round to it), and whether it falls in the warm-up.
/// </summary>
internal sealed record FlowCall(long Index, long ScheduledTimestamp, bool WarmUp, StepRecorder Steps, CancellationToken Cancellation);
