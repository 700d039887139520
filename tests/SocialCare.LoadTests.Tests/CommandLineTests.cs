using System.CommandLine;
using SocialCare.LoadTests.Commands;
using SocialCare.LoadTests.Scenarios;

namespace SocialCare.LoadTests.Tests;

/// <summary>The command line says what it takes: help lists the words the parser accepts, and a bad option is refused before anything runs.</summary>
public sealed class CommandLineTests
{
    private static string Help(Command command)
    {
        // Help is the root command's option, as in the tool itself.
        var output = new StringWriter();
        new RootCommand { command }.Parse([command.Name, "--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }

    [Fact]
    public void Help_lists_the_scenario_and_ingest_words_that_parse_not_the_enum_names()
    {
        var help = Help(RunCommand.Create());

        Assert.Contains("<week-replay|agent-desk|burst>", help, StringComparison.Ordinal);
        Assert.Contains("<unary|stream|mixed>", help, StringComparison.Ordinal);
        Assert.DoesNotContain("WeekReplay", help, StringComparison.Ordinal);
        Assert.Empty(RunCommand.Create().Parse(["--scenario", "week-replay", "--ingest", "unary"]).Errors);
    }

    [Theory]
    [InlineData("--csv-utc-offset", "15h", "beyond the offsets time zones use")]
    [InlineData("--threshold", "claims:p99<50ms", "unknown step \"claims\"")]
    [InlineData("--scenario", "WeekReplay", "is not one of week-replay, agent-desk, burst")]
    public void A_bad_option_is_refused_when_the_command_line_is_read(string option, string value, string why)
    {
        string[] args = option == "--scenario" ? [option, value] : ["--scenario", "week-replay", option, value];
        var errors = RunCommand.Create().Parse(args).Errors;

        Assert.Contains(errors, e => e.Message.Contains(why, StringComparison.Ordinal));
    }
}

/// <summary>`plan` shows what `run` plays: the same week-replay options, the same schedule.</summary>
public sealed class PlanAgreesWithRunTests : IDisposable
{
    private readonly string _export = Path.GetTempFileName();

    public PlanAgreesWithRunTests()
    {
        // A Monday-to-Sunday export with its own Thursday spike (hour 72 + 18 = 90).
        var lines = new List<string> { "created_at" };
        for (var hour = 0; hour < 168; hour++)
        {
            var count = hour == 90 ? 20 : 2;
            for (var i = 0; i < count; i++)
            {
                lines.Add(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).AddHours(hour).AddMinutes(i).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        File.WriteAllLines(_export, lines);
    }

    public void Dispose() => File.Delete(_export);

    [Theory]
    [InlineData("")]
    [InlineData("--spike-factor 4")]
    [InlineData("--csv-utc-offset -05:00 --rate 12 --compression 2016")]
    public void Plan_and_run_read_the_same_options_into_the_same_schedule(string extra)
    {
        string[] args = ["--csv", _export, .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        var planned = WeekPlanOf(PlanCommand.Create(), args);
        var played = WeekPlanOf(RunCommand.Create(), ["--scenario", "week-replay", .. args]);

        Assert.Equal(planned.PerHour, played.PerHour);
    }

    [Fact]
    public void An_export_plays_without_a_synthetic_spike_unless_one_is_asked_for()
    {
        var options = new RunOptions { Scenario = ScenarioKind.WeekReplay, Endpoints = [], Csv = new FileInfo(_export), Rate = 10 };

        var asIs = WeekPlan.Of(options);
        Assert.Equal(WeekPlan.Of(options with { SpikeFactor = 1 }).PerHour, asIs.PerHour);
        Assert.True(WeekPlan.Of(options with { SpikeFactor = 4 }).Total > asIs.Total);
        // The built-in week keeps its default spike.
        Assert.Equal(4, (options with { Csv = null }).EffectiveSpikeFactor);
    }

    /// <summary>The schedule a command would play for a command line, read through its own options.</summary>
    private static WeekPlan WeekPlanOf(Command command, string[] args)
    {
        var parsed = command.Parse(args);
        Assert.Empty(parsed.Errors);
        var week = new WeekOptions();
        // Each command made its own option objects; read the values by name into a fresh set.
        var options = new RunOptions
        {
            Scenario = ScenarioKind.WeekReplay,
            Endpoints = [],
            Rate = parsed.GetValue<double>("--rate"),
            Compression = parsed.GetValue<double>("--compression"),
            Csv = parsed.GetValue<FileInfo?>("--csv"),
            CsvTimeZone = parsed.GetValue<TimeZoneInfo>("--csv-utc-offset")!,
            SpikeAtHour = parsed.GetValue<double>("--spike-at-hour"),
            SpikeHours = parsed.GetValue<double>("--spike-hours"),
            SpikeFactor = parsed.GetValue<double?>("--spike-factor"),
        };
        Assert.Equal(week.All.Select(o => o.Name).Order(), command.Options.Select(o => o.Name).Intersect(week.All.Select(o => o.Name)).Order());
        return WeekPlan.Of(options);
    }
}
