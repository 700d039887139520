using System.Collections.Concurrent;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Sla;

/// <summary>
/// When SLA clocks run: around the clock, or during weekly business hours in a time zone,
/// skipping holidays. Local times are mapped to instants through the zone's rules, so daylight
/// saving changes shorten or lengthen the working day as they do on the wall clock.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BusinessCalendar(
    [property: Id(0)] string TimeZoneId,
    [property: Id(1)] bool AlwaysOpen,
    [property: Id(2)] IReadOnlyList<BusinessHours> WeeklyHours,
    [property: Id(3)] IReadOnlyList<DateOnly> Holidays)
{
    /// <summary>How far ahead a deadline is searched before the calendar is declared unusable.</summary>
    private const int MaxDaysSearched = 3 * 366;

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    public static BusinessCalendar TwentyFourSeven { get; } = new("UTC", true, [], []);

    /// <summary>The instant at which <paramref name="work"/> of working time has elapsed after <paramref name="start"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan work)
    {
        if (AlwaysOpen || work <= TimeSpan.Zero)
        {
            return start + (work > TimeSpan.Zero ? work : TimeSpan.Zero);
        }

        var zone = ResolveZone(TimeZoneId);
        var remaining = work;
        var cursor = start.ToUniversalTime();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(cursor, zone).DateTime);
        for (var i = 0; i < MaxDaysSearched; i++, day = day.AddDays(1))
        {
            if (Holidays.Contains(day))
            {
                continue;
            }

            foreach (var hours in WeeklyHours.Where(h => h.Day == day.DayOfWeek).OrderBy(h => h.Opens))
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

        throw new InvalidOperationException($"The calendar has no working time within {MaxDaysSearched} days of {start:O}.");
    }

    public void Validate(string field)
    {
        if (AlwaysOpen)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(TimeZoneId) || !TryResolveZone(TimeZoneId, out _))
        {
            throw CareException.Invalid($"{field}.time_zone", $"\"{TimeZoneId}\" is not a known IANA time zone (for example \"Europe/Amsterdam\").");
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

    public static bool TryResolveZone(string timeZoneId, out TimeZoneInfo zone)
    {
        try
        {
            zone = ResolveZone(timeZoneId);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private static TimeZoneInfo ResolveZone(string timeZoneId) =>
        Zones.GetOrAdd(timeZoneId, TimeZoneInfo.FindSystemTimeZoneById);

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
