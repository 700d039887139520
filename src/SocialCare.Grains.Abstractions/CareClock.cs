namespace SocialCare.Grains.Abstractions.Hosting;

/// <summary>
/// The clock every care rule reads "now" from, registered as a keyed <see cref="TimeProvider"/>.
/// It is kept apart from the runtime's own clock so tests can move care time (SLA deadlines)
/// without also moving Orleans' membership and messaging timers.
/// </summary>
public static class CareClock
{
    public const string Key = "SocialCare.CareClock";
}
