using System.CommandLine;
using System.Globalization;
using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// `plan` shows the arrival schedule a week-replay would inject, per compressed hour, so a brand
/// can check the shape of its own export before pointing the tool at a deployment.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var rate = Options.Positive("--rate", "Mean mentions per second over the run.", 20);
        var compression = Options.Positive("--compression", "How many times faster than real time the week plays (336 = 30 minutes).", 336);
        var csv = new Option<FileInfo?>("--csv") { Description = "A CSV of mention timestamps (the brand's export) instead of the built-in week." };
        var zone = Options.TimeZone("--csv-utc-offset", "The brand's time zone, for counting the CSV's hours of the week");
        var plan = new Command("plan", "Print a week-replay's arrivals per hour of the week.") { rate, compression, csv, zone };
        plan.SetAction(r =>
        {
            var file = r.GetValue(csv);
            WeekProfile profile;
            try
            {
                if (file is null)
                {
                    profile = WeekProfile.BuiltIn();
                }
                else
                {
                    using var reader = file.OpenText();
                    profile = WeekProfile.FromTimestampsCsv(reader, r.GetValue(zone)!);
                }
            }
            catch (Exception unreadable) when (unreadable is FormatException or IOException)
            {
                // The same one line `run` prints for an export it cannot play, not a stack trace.
                Console.Error.WriteLine(unreadable.Message);
                return RunCommand.CouldNotRun;
            }

            var replay = new WeekReplayRate(profile, r.GetValue(rate), r.GetValue(compression), null);
            var perHour = new int[WeekProfile.HoursPerWeek];
            var hourLength = replay.Duration / WeekProfile.HoursPerWeek;
            foreach (var at in ArrivalSchedule.Arrivals(replay))
            {
                perHour[Math.Min(WeekProfile.HoursPerWeek - 1, (int)(at / hourLength))]++;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duration {replay.Duration}, {perHour.Sum()} mentions"));
            string[] days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            for (var day = 0; day < 7; day++)
            {
                Console.WriteLine($"{days[day]} {string.Join(' ', perHour.Skip(day * 24).Take(24).Select(n => n.ToString(CultureInfo.InvariantCulture).PadLeft(5)))}");
            }

            return 0;
        });
        return plan;
    }
}
