using System.CommandLine;
using System.Globalization;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Scenarios;
using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// `plan` shows the arrival schedule a week-replay would inject, per hour of the week, so a brand
/// can check the shape of its own export before pointing the tool at a deployment. It takes the
/// week-replay options `run` takes and builds the schedule the same way, so the totals agree.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var week = new WeekOptions();
        var thresholds = Options.Thresholds();
        var plan = new Command("plan", "Print a week-replay's arrivals per hour of the week, as `run` would play them, and whether the run is long enough to judge its --threshold limits.") { thresholds };
        foreach (var option in week.All)
        {
            plan.Options.Add(option);
        }

        plan.SetAction(r =>
        {
            var options = week.Apply(r, new RunOptions { Scenario = ScenarioKind.WeekReplay, Endpoints = [] });
            WeekPlan planned;
            try
            {
                if (options.Csv is { } export)
                {
                    using var reader = export.OpenText();
                    foreach (var line in WeekProfile.ReadExport(reader, options.CsvTimeZone, options.CsvTimeColumn).Summary.Lines())
                    {
                        Console.WriteLine(line);
                    }
                }

                planned = WeekPlan.Of(options);
            }
            catch (Exception unreadable) when (unreadable is FormatException or IOException)
            {
                // The same one line `run` prints for an export it cannot play, not a stack trace.
                Console.Error.WriteLine(unreadable.Message);
                return ExitCodes.CouldNotRun;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duration {planned.Duration}, {planned.Total} mentions, spike {(options.EffectiveSpikeFactor > 1 ? $"{options.EffectiveSpikeFactor}x for {options.SpikeHours} h from hour {options.SpikeAtHour}" : "none")}"));
            for (var day = 0; day < 7; day++)
            {
                Console.WriteLine($"{WeekProfile.DayNames[day]} {string.Join(' ', planned.PerHour.Skip(day * 24).Take(24).Select(n => n.ToString(CultureInfo.InvariantCulture).PadLeft(5)))}");
            }

            foreach (var advice in RunLength.Advice(Threshold.ForRun((r.GetValue(thresholds) ?? []).Select(Threshold.Parse)), options.Rate, planned.Duration))
            {
                Console.WriteLine(advice);
            }

            return 0;
        });
        return plan;
    }
}

/// <summary>A week-replay's mention arrivals per hour of the week, from the same rates `run` plays.</summary>
internal sealed record WeekPlan(TimeSpan Duration, IReadOnlyList<int> PerHour)
{
    public long Total => PerHour.Sum();

    public static WeekPlan Of(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mentions = ScenarioFlows.Rates(options with { Scenario = ScenarioKind.WeekReplay }).Mentions;
        var perHour = new int[WeekProfile.HoursPerWeek];
        var hourLength = mentions.Duration / WeekProfile.HoursPerWeek;
        foreach (var at in ArrivalSchedule.Arrivals(mentions))
        {
            perHour[Math.Min(WeekProfile.HoursPerWeek - 1, (int)(at / hourLength))]++;
        }

        return new WeekPlan(mentions.Duration, perHour);
    }
}
