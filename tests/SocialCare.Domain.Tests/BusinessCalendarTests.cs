using SocialCare.Domain.Errors;
using SocialCare.Domain.Sla;

namespace SocialCare.Domain.Tests;

public sealed class BusinessCalendarTests
{
    private static BusinessCalendar OfficeHours(string zone, params DateOnly[] holidays) => new(
        zone,
        false,
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new BusinessHours(d, TimeSpan.FromHours(9), TimeSpan.FromHours(17)))],
        holidays);

    [Fact]
    public void Always_open_adds_plain_time()
    {
        var start = Samples.Monday0900;
        Assert.Equal(start.AddHours(30), BusinessCalendar.TwentyFourSeven.AddWorkingTime(start, TimeSpan.FromHours(30)));
    }

    [Fact]
    public void Time_outside_business_hours_does_not_count()
    {
        var calendar = OfficeHours("UTC");
        // Monday 16:00 + 2 working hours = Tuesday 10:00.
        var due = calendar.AddWorkingTime(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void A_message_at_night_starts_counting_at_opening()
    {
        var calendar = OfficeHours("UTC");
        var due = calendar.AddWorkingTime(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Weekends_and_holidays_are_skipped()
    {
        var calendar = OfficeHours("UTC", new DateOnly(2026, 11, 30));
        // Friday 16:00 + 2h: 1h Friday, Monday 30 Nov is a holiday, 1h Tuesday.
        var due = calendar.AddWorkingTime(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Hours_are_read_in_the_calendars_time_zone()
    {
        var calendar = OfficeHours("America/New_York");
        // 13:00Z on a November Monday is 08:00 in New York: work starts at 09:00 local = 14:00Z.
        var due = calendar.AddWorkingTime(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 15, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void A_day_across_a_daylight_saving_change_keeps_its_wall_clock_hours()
    {
        var calendar = OfficeHours("Europe/Amsterdam");
        // Friday 23 Oct 2026 16:00 local (14:00Z, CEST) + 2h: 1h Friday, 1h Monday 26 Oct from 09:00 CET (08:00Z).
        var due = calendar.AddWorkingTime(new DateTimeOffset(2026, 10, 23, 14, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2));
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Opening_hours_inside_a_skipped_hour_start_after_the_gap()
    {
        // Europe/Amsterdam skips 02:00-03:00 on 29 March 2026; a shift opening at 02:30 opens at 03:00 CEST (01:00Z).
        var calendar = new BusinessCalendar("Europe/Amsterdam", false, [new BusinessHours(DayOfWeek.Sunday, TimeSpan.FromHours(2.5), TimeSpan.FromHours(4))], []);
        var due = calendar.AddWorkingTime(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(10));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 10, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Validation_names_the_field()
    {
        var unknownZone = new BusinessCalendar("Mars/Olympus", false, [new BusinessHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(17))], []);
        var ex = Assert.Throws<CareException>(() => unknownZone.Validate("tenant.calendar"));
        Assert.Equal("tenant.calendar.time_zone", ex.Field);

        var noHours = new BusinessCalendar("UTC", false, [], []);
        Assert.Equal("tenant.calendar.weekly_hours", Assert.Throws<CareException>(() => noHours.Validate("tenant.calendar")).Field);

        var overlapping = new BusinessCalendar("UTC", false,
            [new BusinessHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(13)), new BusinessHours(DayOfWeek.Monday, TimeSpan.FromHours(12), TimeSpan.FromHours(17))], []);
        Assert.Contains("overlap", Assert.Throws<CareException>(() => overlapping.Validate("tenant.calendar")).Message, StringComparison.Ordinal);
    }
}
