using System.Globalization;
using System.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Queues;

/// <summary>
/// A place in work order: priority, then the nearest SLA due time, then the oldest, then the id
/// (so the order is total and a page boundary is exact). Page tokens are positions, so paging
/// stays stable while conversations come and go.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct QueuePosition(
    [property: Id(0)] Priority Priority,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] DateTimeOffset OpenedAt,
    [property: Id(3)] string ConversationId) : IComparable<QueuePosition>
{
    public int CompareTo(QueuePosition other)
    {
        // Compared as numbers: Enum.CompareTo takes an object and boxed both sides, on every
        // step of every queue shard's ordered-set walk.
        var c = ((int)Priority).CompareTo((int)other.Priority);
        if (c != 0)
        {
            return c;
        }

        c = DueAt.UtcTicks.CompareTo(other.DueAt.UtcTicks);
        if (c != 0)
        {
            return c;
        }

        c = OpenedAt.UtcTicks.CompareTo(other.OpenedAt.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(ConversationId, other.ConversationId);
    }

    public static bool operator <(QueuePosition left, QueuePosition right) => left.CompareTo(right) < 0;

    public static bool operator >(QueuePosition left, QueuePosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(QueuePosition left, QueuePosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(QueuePosition left, QueuePosition right) => left.CompareTo(right) >= 0;

    /// <summary>An opaque, URL-safe page token.</summary>
    public string ToToken()
    {
        var raw = string.Create(
            CultureInfo.InvariantCulture,
            $"{(int)Priority}|{DueAt.UtcTicks}|{OpenedAt.UtcTicks}|{ConversationId}");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryParseToken(string token, out QueuePosition position)
    {
        position = default;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|', 4);
            if (parts.Length != 4
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
                || !Enum.IsDefined((Priority)priority)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var due)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var opened)
                || due > DateTimeOffset.MaxValue.UtcTicks
                || opened > DateTimeOffset.MaxValue.UtcTicks
                || parts[3].Length == 0)
            {
                return false;
            }

            position = new QueuePosition(
                (Priority)priority,
                new DateTimeOffset(due, TimeSpan.Zero),
                new DateTimeOffset(opened, TimeSpan.Zero),
                parts[3]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
