using System.Diagnostics;

namespace SocialCare.Host.Operations;

/// <summary>
/// The system clock with timestamps counted from this process's start instead of the machine's
/// boot. Orleans' watchdog (10.4) starts its runtime-check thread before it stamps the time its
/// component check last completed, so its first look can compare "now" with timestamp 0: on the
/// system clock that is the boot, and every start logged "Participant check thread has not
/// completed for 01:11:19 ... deadlock" (the machine's uptime). Counted from the process start,
/// that first look sees the few seconds the silo has existed, under the 20 s threshold; a real
/// stall is measured exactly as before, since only differences of timestamps are ever used.
/// </summary>
internal sealed class MembershipClock : TimeProvider
{
    // One tick before "now", so no timestamp this clock gives is ever 0.
    private readonly long _origin = Stopwatch.GetTimestamp() - 1;

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;
}
