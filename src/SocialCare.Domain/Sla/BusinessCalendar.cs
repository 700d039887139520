using System.Collections.Concurrent;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Sla;

/// <summary>
/// When SLA clocks run: around the clock, or during weekly business hours in a time zone,
/// skipping holidays. Local times are mapped to instants through the zone's rules, so daylight
/// saving changes shorten or lengthen the working day as they do on the wall clock.
/// </summary>
[GenerateSerializer, Immutable]
public sealed partial record BusinessCalendar(
    [property: Id(0)] string TimeZoneId,
    [property: Id(1)] bool AlwaysOpen,
    [property: Id(2)] IReadOnlyList<BusinessHours> WeeklyHours,
    [property: Id(3)] IReadOnlyList<DateOnly> Holidays)
{
    /// <summary>
    /// How far ahead a deadline is searched. Settings are validated so that every target comes
    /// due well within it (<see cref="MaxDaysToDue"/>); a deadline that would fall later (settings
    /// stored before that rule, holidays added since) is put at the horizon rather than failing
    /// the conversation's change.
    /// </summary>
    private const int MaxDaysSearched = 3 * 366;

    /// <summary>Every SLA target must come due within this many days on the tenant's calendar.</summary>
    public const int MaxDaysToDue = 366;

    /// <summary>More holidays than this is a data error (ten years of a dozen a year fit).</summary>
    public const int MaxHolidays = 1_000;

    /// <summary>More opening-hour entries than this is a data error (a split shift every hour of the week fits).</summary>
    public const int MaxWeeklyHours = 7 * 24;

    /// <summary>
    /// Each calendar's holidays as a set and its hours per weekday in order, built once per
    /// instance. Kept beside the record, not in it: a field would take part in the record's
    /// equality and be copied by <c>with</c> into a calendar with other hours.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BusinessCalendar, Schedule> Schedules = [];

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    public static BusinessCalendar TwentyFourSeven { get; } = new("UTC", true, [], []);

    /// <summary>Whether the brand's desk is open at <paramref name="instant"/>: working time starts counting at once.</summary>
    public bool IsOpenAt(DateTimeOffset instant) =>
        AlwaysOpen || AddWorkingTime(instant, TimeSpan.FromTicks(1)) == instant + TimeSpan.FromTicks(1);

    /// <summary>The instant at which <paramref name="work"/> of working time has elapsed after <paramref name="start"/>.</summary>
    /// <remarks>Never throws: past the search horizon, the horizon is the answer (see <see cref="MaxDaysSearched"/>).</remarks>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan work)
    {
        var horizon = Horizon(start);
        if (work <= TimeSpan.Zero)
        {
            return start;
        }

        if (AlwaysOpen || !TryResolveZone(TimeZoneId, out var zone))
        {
            return work >= horizon - start ? horizon : start + work;
        }

        var remaining = work;
        var cursor = start.ToUniversalTime();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(cursor, zone).DateTime);
        var schedule = Schedules.GetValue(this, static calendar => new Schedule(calendar));
        var holidays = schedule.Holidays;
        var byDay = schedule.HoursByDay;
        for (var i = 0; i < MaxDaysSearched && day < DateOnly.MaxValue; i++, day = day.AddDays(1))
        {
            if (holidays.Contains(day))
            {
                continue;
            }

            foreach (var hours in byDay[(int)day.DayOfWeek])
            {
                var opens = ToInstant(day, hours.Opens, zone);
                var closes = ToInstant(day, hours.Closes, zone);
                var from = opens > cursor ? opens : cursor;
                if (from >= closes)
                {
                    continue;
                }

                var available = closes - from;
                if (available >= remaining)
                {
                    return from + remaining;
                }

                remaining -= available;
                cursor = closes;
            }
        }

        return horizon;
    }

    /// <summary>
    /// Refuses a calendar on which a target would not come due within <see cref="MaxDaysToDue"/>
    /// days of <paramref name="from"/> (one minute of opening a week and a 100-hour target, or a
    /// year of holidays): such settings would leave clocks that never run out.
    /// </summary>
    public void RequireReachable(string field, TimeSpan longestTarget, DateTimeOffset from)
    {
        var due = AddWorkingTime(from, longestTarget);
        if (due - from > TimeSpan.FromDays(MaxDaysToDue))
        {
            throw CareException.Invalid(
                field,
                $"the longest target ({longestTarget}) would come due more than {MaxDaysToDue} days ahead on this calendar (too little opening time, or too many holidays); lengthen the opening hours or shorten the target.");
        }
    }

    private static DateTimeOffset Horizon(DateTimeOffset start)
    {
        var span = TimeSpan.FromDays(MaxDaysSearched);
        return DateTimeOffset.MaxValue - start < span ? DateTimeOffset.MaxValue : start + span;
    }

    private sealed class Schedule(BusinessCalendar calendar)
    {
        public HashSet<DateOnly> Holidays { get; } = [.. calendar.Holidays];

        public BusinessHours[][] HoursByDay { get; } =
            [.. Enumerable.Range(0, 7).Select(d => calendar.WeeklyHours.Where(h => (int)h.Day == d).OrderBy(h => h.Opens).ToArray())];
    }

    public void Validate(string field)
    {
        if (AlwaysOpen)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(TimeZoneId) || !TryResolveZone(TimeZoneId, out _))
        {
            throw CareException.Invalid($"{field}.time_zone", $"{Echo.Quote(TimeZoneId)} is not a known IANA time zone (for example \"Europe/Amsterdam\").");
        }

        if (Holidays.Count > MaxHolidays)
        {
            throw CareException.Invalid($"{field}.holidays", $"has {Holidays.Count} dates; at most {MaxHolidays}.");
        }

        if (WeeklyHours.Count > MaxWeeklyHours)
        {
            throw CareException.Invalid($"{field}.weekly_hours", $"has {WeeklyHours.Count} entries; at most {MaxWeeklyHours}.");
        }

        if (WeeklyHours.Count == 0)
        {
            throw CareException.Invalid($"{field}.weekly_hours", "a business-hours calendar needs at least one day with opening hours (or set always_open).");
        }

        foreach (var hours in WeeklyHours)
        {
            if (hours.Opens < TimeSpan.Zero || hours.Closes > TimeSpan.FromHours(24) || hours.Opens >= hours.Closes)
            {
                throw CareException.Invalid($"{field}.weekly_hours", $"{hours.Day}: open time must be before close time, within 00:00..24:00.");
            }
        }

        foreach (var group in WeeklyHours.GroupBy(h => h.Day))
        {
            var ordered = group.OrderBy(h => h.Opens).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Opens < ordered[i - 1].Closes)
                {
                    throw CareException.Invalid($"{field}.weekly_hours", $"{group.Key}: opening hours overlap.");
                }
            }
        }
    }

    /// <summary>
    /// Finds an IANA zone. Only names of the IANA shape are looked up: on Linux a zone id is a
    /// path under /usr/share/zoneinfo, and a directory (\"America\"), a file that is not a zone
    /// or a path with \"..\" fails with errors other than "not found". Any failure is "unknown".
    /// </summary>
    public static bool TryResolveZone(string timeZoneId, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(timeZoneId) || !ZoneName().IsMatch(timeZoneId))
        {
            return false;
        }

        if (Zones.TryGetValue(timeZoneId, out var known))
        {
            zone = known;
            return true;
        }

        try
        {
            zone = Zones.GetOrAdd(timeZoneId, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>"UTC", "Europe/Amsterdam", "America/Argentina/Buenos_Aires", "Etc/GMT+5": segments of letters, digits, '_', '+' and '-'.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]{0,31}(/[A-Za-z0-9_+-]{1,32}){0,2}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ZoneName();

    /// <summary>
    /// The instant of a local wall-clock time. A time skipped by a spring-forward change is read
    /// as the first valid moment after it; a repeated autumn hour as its first occurrence.
    /// </summary>
    private static DateTimeOffset ToInstant(DateOnly day, TimeSpan timeOfDay, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) + timeOfDay;
        if (zone.IsInvalidTime(local))
        {
            var probe = local;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            local = new DateTime(probe.Year, probe.Month, probe.Day, probe.Hour, probe.Minute, 0, DateTimeKind.Unspecified);
        }

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
