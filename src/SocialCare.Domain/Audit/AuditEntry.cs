using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Domain.Audit;

/// <summary>
/// One action on a tenant's desk as the trail records it: who (the actor, and the supervisor or
/// key that acted for them), in what role and from where, did what to what, when, in which
/// request, and whether it was allowed. Never the text of a message: the trail says that a reply
/// was posted, the conversation holds what it said.
/// </summary>
/// <param name="At">Care time, to the microsecond (what PostgreSQL keeps), so the digest survives storage.</param>
/// <param name="Actor">The agent a change is attributed to, "key:{id}" for a key, or "system".</param>
/// <param name="ActedBy">The caller who acted for <paramref name="Actor"/>, when not the actor itself.</param>
/// <param name="Target">What was acted on, as a resource name ("conversations/{id}", "apiKeys/{id}", "tenant").</param>
/// <param name="Detail">A short, structured account ("visibility=public sequence=4"), never a customer's words.</param>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] string TenantId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? ActedBy,
    [property: Id(4)] string Role,
    [property: Id(5)] string Location,
    [property: Id(6)] string Action,
    [property: Id(7)] string Target,
    [property: Id(8)] string? ConversationId,
    [property: Id(9)] string RequestId,
    [property: Id(10)] AuditOutcome Outcome,
    [property: Id(11)] string Detail)
{
    /// <summary>
    /// The SHA-256 of the entry's fields in a fixed order, each length-prefixed so no two entries
    /// share their bytes. The chain links digests, so editing any field of a stored entry breaks
    /// its link. Changing this encoding breaks every stored chain: version it instead.
    /// </summary>
    public byte[] Digest()
    {
        var text = new StringBuilder("socialcare-audit-v1");
        foreach (var field in new[]
        {
            TenantId,
            At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Actor,
            ActedBy ?? "",
            Role,
            Location,
            Action,
            Target,
            ConversationId ?? "",
            RequestId,
            Outcome.ToString(),
            Detail,
        })
        {
            text.Append('|').Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A time as the trail stores it: PostgreSQL keeps microseconds, so finer ticks would not survive a round trip.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);
}
