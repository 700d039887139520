using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Running;
using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Scenarios;

/// <summary>Turns a scenario's options into the flows the runner plays.</summary>
internal static class ScenarioFlows
{
    /// <summary>The flows that play <see cref="Rates"/>' arrival shapes against the desk.</summary>
    public static IReadOnlyList<LoadFlow> For((IArrivalRate Mentions, IArrivalRate? Agents) rates, CareDesk desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var (mentions, agents) = rates;
        var flows = new List<LoadFlow> { new(StepNames.MentionsFlow, mentions, desk.IngestAsync) };
        if (agents is not null)
        {
            flows.Add(new LoadFlow(StepNames.AgentsFlow, agents, desk.WorkQueueAsync));
        }

        return flows;
    }

    /// <summary>
    /// The mention and agent arrival shapes. Agents follow the week's curve in week-replay (desks
    /// are staffed to the usual pattern) but not its spike (nobody staffs for a viral post ahead
    /// of time); by default they only work in agent-desk, at half the mention rate, since
    /// follow-ups join conversations already open.
    /// </summary>
    public static (IArrivalRate Mentions, IArrivalRate? Agents) Rates(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Scenario)
        {
            case ScenarioKind.WeekReplay:
                var profile = LoadProfile(options);
                var spike = options.EffectiveSpikeFactor > 1
                    ? new ViralSpike(TimeSpan.FromHours(options.SpikeAtHour), TimeSpan.FromHours(options.SpikeHours), options.EffectiveSpikeFactor)
                    : null;
                var week = new WeekReplayRate(profile, options.Rate, options.Compression, spike);
                return (week, options.DeskRate is > 0 ? new WeekReplayRate(profile, options.DeskRate.Value, options.Compression, null) : null);
            case ScenarioKind.Burst:
                var burst = new BurstRate(options.Rate, options.BurstFactor, options.BurstAt, options.BurstLength, options.Duration);
                return (burst, options.DeskRate is > 0 ? new ConstantRate(options.DeskRate.Value, options.Duration) : null);
            default:
                var deskRate = options.DeskRate ?? options.Rate / 2;
                return (new ConstantRate(options.Rate, options.Duration), deskRate > 0 ? new ConstantRate(deskRate, options.Duration) : null);
        }
    }

    private static WeekProfile LoadProfile(RunOptions options)
    {
        if (options.Csv is null)
        {
            return WeekProfile.BuiltIn();
        }

        using var reader = options.Csv.OpenText();
        return WeekProfile.FromTimestampsCsv(reader, options.CsvTimeZone, options.CsvTimeColumn);
    }
}
