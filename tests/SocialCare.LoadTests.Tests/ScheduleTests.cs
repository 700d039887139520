using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Running;
using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Tests;

public sealed class ScheduleTests
{
    [Fact]
    public void A_constant_rate_starts_requests_evenly_and_the_count_matches_the_rate()
    {
        var arrivals = ArrivalSchedule.Arrivals(new ConstantRate(250, TimeSpan.FromSeconds(4))).ToList();
        Assert.InRange(arrivals.Count, 999, 1000);
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.All(gaps, g => Assert.InRange(g, 3.0, 5.0));
        Assert.Equal(arrivals.Order(), arrivals);
    }

    [Fact]
    public void A_burst_multiplies_the_arrivals_only_inside_its_window()
    {
        var burst = new BurstRate(10, 5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var arrivals = ArrivalSchedule.Arrivals(burst).ToList();
        int In(double from, double to) => arrivals.Count(a => a.TotalSeconds >= from && a.TotalSeconds < to);
        Assert.InRange(In(0, 2), 19, 20);
        Assert.InRange(In(2, 3), 49, 51);
        Assert.InRange(In(3, 5), 19, 21);
    }

    [Fact]
    public void A_negative_rate_is_refused()
    {
        var broken = new ConstantRate(-1, TimeSpan.FromSeconds(1));
        Assert.Throws<InvalidOperationException>(() => ArrivalSchedule.Arrivals(broken).ToList());
    }

    [Fact]
    public void The_built_in_week_has_day_peaks_night_troughs_and_a_quieter_weekend()
    {
        var week = WeekProfile.BuiltIn().Weights;
        Assert.Equal(WeekProfile.HoursPerWeek, week.Count);
        Assert.Equal(1.0, week.Average(), 6);
        var mondayNoon = week[12];
        var mondayNight = week[3];
        var saturdayNoon = week[(5 * 24) + 12];
        Assert.True(mondayNoon > 4 * mondayNight, $"noon {mondayNoon} vs night {mondayNight}");
        Assert.True(saturdayNoon < mondayNoon, $"Saturday {saturdayNoon} vs Monday {mondayNoon}");
    }

    [Fact]
    public void A_compressed_week_replay_follows_the_profile_and_its_spike()
    {
        var profile = WeekProfile.BuiltIn();
        var spike = new ViralSpike(TimeSpan.FromHours((2 * 24) + 14), TimeSpan.FromHours(2), 5);
        var replay = new WeekReplayRate(profile, 10, 10_080, spike);
        Assert.Equal(TimeSpan.FromMinutes(1), replay.Duration);

        // 10,080 times faster: each hour of the week lasts 357 ms of the run.
        var hour = replay.Duration / WeekProfile.HoursPerWeek;
        Assert.Equal(10 * profile.Weights[12], replay.PerSecondAt(hour * 12.5), 9);
        Assert.Equal(50 * profile.Weights[(2 * 24) + 14], replay.PerSecondAt(hour * ((2 * 24) + 14.5)), 9);
        Assert.Equal(10 * profile.Weights[(2 * 24) + 16], replay.PerSecondAt(hour * ((2 * 24) + 16.5)), 9);

        var total = ArrivalSchedule.Arrivals(replay).Count();
        var expected = 10 * 60 * (1 + (4 * 2 * profile.Weights.Skip((2 * 24) + 14).Take(2).Average() / WeekProfile.HoursPerWeek));
        Assert.InRange(total, expected * 0.98, expected * 1.02);
    }

    [Fact]
    public void A_brands_export_becomes_its_week_profile()
    {
        var csv = new StringReader("""
            created_at,text
            2026-11-23T09:10:00Z,where is my order
            2026-11-23T09:40:00Z,hello?
            2026-11-23T09:55:00+00:00,anyone
            "2026-11-28T21:05:00Z",thanks

            2026-11-24T09:30:00Z,refund please
            """);
        var weights = WeekProfile.FromTimestampsCsv(csv, TimeZoneInfo.Utc).Weights;
        // 5 mentions over 168 hours: Monday 09:00 has 3 of them, 3 / (5 / 168) times the mean.
        Assert.Equal(3 * 168 / 5.0, weights[9], 9);
        Assert.Equal(168 / 5.0, weights[24 + 9], 9);
        Assert.Equal(168 / 5.0, weights[(5 * 24) + 21], 9);
        Assert.Equal(0, weights[10]);
    }

    [Fact]
    public void A_bad_timestamp_in_an_export_names_its_line()
    {
        var csv = new StringReader("created_at\n2026-11-23T09:10:00Z\nyesterday\n");
        var ex = Assert.Throws<FormatException>(() => WeekProfile.FromTimestampsCsv(csv, TimeZoneInfo.Utc));
        Assert.Contains("Line 3", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => WeekProfile.FromTimestampsCsv(new StringReader("created_at\n"), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("-5h", -300)]
    [InlineData("-05:00", -300)]
    [InlineData("+5:30", 330)]
    [InlineData("5h", 300)]
    [InlineData("+01", 60)]
    [InlineData("-14:00", -840)]
    [InlineData("0", 0)]
    [InlineData("UTC", 0)]
    public void An_export_s_time_zone_takes_signed_offsets_as_typed(string text, int minutes)
    {
        Assert.True(TimeZoneText.TryParse(text, out var zone, out var error), error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), zone.BaseUtcOffset);
    }

    [Theory]
    [InlineData("15h", "beyond the offsets time zones use")]
    [InlineData("+14:30", "beyond the offsets time zones use")]
    [InlineData("-5x", "is not an offset")]
    [InlineData("5:75", "is not an offset")]
    [InlineData("Mars/Olympus", "is not a time zone this machine knows")]
    [InlineData("", "is empty")]
    public void A_time_zone_that_is_none_is_refused_saying_why(string text, string why)
    {
        Assert.False(TimeZoneText.TryParse(text, out _, out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_is_counted_in_the_brand_s_own_hours_daylight_saving_included()
    {
        Assert.True(TimeZoneText.TryParse("America/New_York", out var newYork, out _));
        Assert.True(TimeZoneText.TryParse("-05:00", out var fixedFive, out _));
        // 14:00 UTC is 09:00 in New York in November (EST) and 10:00 in June (EDT); a fixed -05:00 says 09:00 both times.
        const string Export = "created_at\n2026-11-23T14:00:00Z\n2026-06-22T14:00:00Z\n";

        var zoned = WeekProfile.FromTimestampsCsv(new StringReader(Export), newYork).Weights;
        Assert.True(zoned[9] > 0);
        Assert.True(zoned[10] > 0);
        var offset = WeekProfile.FromTimestampsCsv(new StringReader(Export), fixedFive).Weights;
        Assert.Equal(2 * 168 / 2.0, offset[9], 9);
        Assert.Equal(0, offset[10]);
    }

    [Fact]
    public void Slash_dates_are_read_day_first_when_the_file_shows_it()
    {
        // 13/03 can only be 13 March, so 05/03 is 5 March (a Thursday), not 3 May (a Sunday).
        var read = WeekProfile.ReadExport(new StringReader("when\n13/03/2026 09:00\n05/03/2026 09:00\n"), TimeZoneInfo.Utc);

        Assert.True(read.Profile.Weights[(3 * 24) + 9] > 0);
        Assert.True(read.Profile.Weights[(4 * 24) + 9] > 0);
        Assert.Equal(0, read.Profile.Weights[(6 * 24) + 9]);
        Assert.DoesNotContain(read.Summary.Warnings, w => w.Contains("day first or month first", StringComparison.Ordinal));
    }

    [Fact]
    public void Slash_dates_that_never_show_their_order_are_read_month_first_with_a_warning()
    {
        var read = WeekProfile.ReadExport(new StringReader("when\n03/05/2026 09:00\n04/05/2026 09:00\n"), TimeZoneInfo.Utc);

        Assert.Contains(read.Summary.Warnings, w => w.Contains("day first or month first", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero), read.Summary.First);
    }

    [Fact]
    public void A_separator_line_and_blank_lines_before_the_header_are_skipped_and_said()
    {
        var read = WeekProfile.ReadExport(new StringReader("sep=,\n\ncreated_at,text\n2026-11-23T09:10:00Z,hi\n"), TimeZoneInfo.Utc);

        Assert.Equal(1, read.Summary.Rows);
        Assert.Equal(["line 1: separator line \"sep=,\"", "line 2: blank", "line 3: header of 2 columns (times from column 1, \"created_at\")"], read.Summary.Skipped);
    }

    [Fact]
    public void A_bad_first_row_is_an_error_not_a_header_dropped_in_silence()
    {
        var ex = Assert.Throws<FormatException>(() => WeekProfile.ReadExport(new StringReader("2026-13-45T09:00:00Z\n2026-11-23T09:10:00Z\n"), TimeZoneInfo.Utc));
        Assert.Contains("Line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_missing_days_with_date_only_rows_or_longer_than_a_week_is_warned_about()
    {
        // Monday to Wednesday only, one row without a time.
        var partial = WeekProfile.ReadExport(new StringReader("at\n2026-11-23T09:00:00Z\n2026-11-24\n2026-11-25T18:00:00Z\n"), TimeZoneInfo.Utc).Summary;
        Assert.Contains(partial.Warnings, w => w.StartsWith("no mentions on Thursday, Friday, Saturday, Sunday", StringComparison.Ordinal));
        Assert.Contains(partial.Warnings, w => w.StartsWith("1 of 3 rows have a date but no time", StringComparison.Ordinal));
        Assert.DoesNotContain(partial.Warnings, w => w.Contains("spans", StringComparison.Ordinal));

        // A date-only row is the brand's own calendar day: in Paris it plays in the day's first
        // hour there, not at 01:00 (UTC's midnight).
        var paris = TimeZoneText.TryParse("Europe/Paris", out var zone, out _) ? zone : throw new InvalidOperationException("no Paris zone");
        var dayInParis = WeekProfile.ReadExport(new StringReader("at\n2026-11-27\n"), paris).Profile;
        Assert.Equal((4 * 24) + 0, Array.FindIndex([.. dayInParis.Weights], w => w > 0));

        // The span is said in UTC, as labelled, whatever offsets the rows were written with.
        var offsets = WeekProfile.ReadExport(new StringReader("at\n2026-11-23T08:15:00+01:00\n2026-11-24T09:00:00-05:00\n"), TimeZoneInfo.Utc).Summary;
        Assert.StartsWith("export: 2 rows from 2026-11-23 07:15 to 2026-11-24 14:00 UTC", offsets.Lines().First(), StringComparison.Ordinal);

        var fortnight = WeekProfile.ReadExport(new StringReader(string.Join('\n', Enumerable.Range(0, 15).Select(d => new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero).AddDays(d).ToString("O", System.Globalization.CultureInfo.InvariantCulture)))), TimeZoneInfo.Utc).Summary;
        Assert.Contains(fortnight.Warnings, w => w.StartsWith("the export spans 14 days", StringComparison.Ordinal));
        Assert.DoesNotContain(fortnight.Warnings, w => w.StartsWith("no mentions", StringComparison.Ordinal));
        Assert.Equal(15, fortnight.Rows);
    }

    [Fact]
    public void The_warm_up_plays_at_the_flow_s_mean_rate_not_its_opening_trickle()
    {
        // The built-in week opens on Monday night at a fraction of its mean; a warm-up at that
        // rate would leave the deployment cold for the day's peak.
        var week = new WeekReplayRate(WeekProfile.BuiltIn(), MeanPerSecond: 50, Compression: 336, Spike: null);
        Assert.True(week.PerSecondAt(TimeSpan.Zero) < 25, "the week should open below half its mean");
        var warmUp = new WarmUpRate(week, TimeSpan.FromSeconds(10));

        var warmUpArrivals = ArrivalSchedule.Arrivals(warmUp).Count(at => at < TimeSpan.FromSeconds(10));

        Assert.InRange(warmUpArrivals, 499, 501);
        Assert.Equal(50, WarmUpRate.MeanOf(week), 1);
        Assert.Equal(week.PerSecondAt(TimeSpan.FromMinutes(3)), warmUp.PerSecondAt(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void An_x_export_is_read_from_its_created_at_column_whatever_the_tweets_hold()
    {
        // X's own time format, and texts with commas and line breaks in quotes, as exports hold them.
        var read = WeekProfile.ReadExport(new StringReader("Tweet id,Tweet text,Created at,Likes\n\"1\",\"Lost my bag, again\nline two\",\"Mon Nov 23 09:19:24 +0000 2026\",3\n\"2\",\"hi\",\"Tue Nov 24 18:00:00 +0100 2026\",1\n"), TimeZoneInfo.Utc);

        Assert.Equal(2, read.Summary.Rows);
        Assert.Equal(["line 1: header of 4 columns (times from column 3, \"Created at\")"], read.Summary.Skipped);
        Assert.True(read.Profile.Weights[9] > 0);
        Assert.True(read.Profile.Weights[24 + 17] > 0);
    }

    [Theory]
    [InlineData("id,sent\n1,1795424400\n2,1795428000000\n", null)]
    [InlineData("id,sent\n1,1795424400\n2,1795428000000\n", "sent")]
    [InlineData("id,sent\n1,1795424400\n2,1795428000000\n", "2")]
    [InlineData("sep=;\nid;Date\n1;11/23/2026 9:00 am\n2;11/23/2026 10:00 AM\n", null)]
    [InlineData("ticket,created\n7,2026-11-23 09:00:00 UTC\n8,2026-11-23 10:00:00 UTC\n", null)]
    public void Epoch_seconds_and_milliseconds_am_pm_times_a_utc_suffix_and_a_named_or_numbered_column_are_read(string csv, string? column)
    {
        var read = WeekProfile.ReadExport(new StringReader(csv), TimeZoneInfo.Utc, column);

        // Monday 23 November 2026, 09:00 and 10:00 UTC.
        Assert.Equal(2, read.Summary.Rows);
        Assert.True(read.Profile.Weights[9] > 0 && read.Profile.Weights[10] > 0, string.Join(" ", read.Summary.Lines()));
        Assert.Equal(0, read.Profile.Weights.Sum() - read.Profile.Weights[9] - read.Profile.Weights[10], 9);
    }

    [Theory]
    [InlineData("id,sent\n1,1795424400\n", "when", "the header has \"id\", \"sent\"")]
    [InlineData("1795424400\n", "when", "no header row")]
    [InlineData("id,sent\n1,1795424400\n", "5", "Line 2 has 2 column(s); the times are in column 5")]
    [InlineData("id,sent\n1,1795424400\n", "0", "numbered from 1")]
    public void A_time_column_the_export_lacks_is_refused_naming_what_it_has(string csv, string column, string said)
    {
        var refused = Assert.Throws<FormatException>(() => WeekProfile.ReadExport(new StringReader(csv), TimeZoneInfo.Utc, column));

        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_says_whether_the_run_is_long_enough_to_judge_each_threshold()
    {
        var advice = RunLength.Advice(
            [Threshold.Parse("p99<200ms"), Threshold.Parse("ingest_stream:p99.9<300ms"), Threshold.Parse("error-rate<0.01%"), Threshold.Parse("p50<10ms"), Threshold.Parse("mean<5ms")],
            mentionsPerSecond: 40,
            measured: TimeSpan.FromMinutes(5)).ToList();

        Assert.Equal(4, advice.Count);
        Assert.Equal("p99<200ms: judged on at least 2,000 answers per step (20 beyond p99); each ingest step gets about 20/s, so that takes 1m40s of the 5m run: enough", advice[0]);
        Assert.Equal("ingest_stream:p99.9<300ms: judged on at least 20,000 answers per step (20 beyond p99.9); ingest_stream gets about 20/s, so that takes 16m40s of the 5m run: too short to judge it: run at least 16m40s (a lower --compression) or at a higher --rate", advice[1]);
        Assert.Equal("error-rate<0.01%: one error in 10,000 requests is 0.01%; the run sends about 12,000 mentions: enough to tell it", advice[2]);
        Assert.EndsWith("40 answers per step (20 beyond p50); each ingest step gets about 20/s, so that takes 2s of the 5m run: enough", advice[3], StringComparison.Ordinal);
    }
}
