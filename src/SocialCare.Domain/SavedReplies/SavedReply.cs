using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.SavedReplies;

/// <summary>
/// One of the brand's approved answers, with variables the server fills in
/// (<see cref="SavedReplyTemplate"/>). Kept with the tenant's settings, so every change to the
/// library is versioned with them and recorded in the trail.
/// </summary>
/// <param name="Id">Lower-case letters, digits and '-' ("lost-bag-first-answer").</param>
/// <param name="TeamId">The team the answer is for; null for every team.</param>
[GenerateSerializer, Immutable]
public sealed record SavedReply(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Text,
    [property: Id(3)] string? TeamId)
{
    public const int MaxPerTenant = 500;

    /// <summary>Earlier versions kept on each saved reply, newest first.</summary>
    public const int MaxHistory = 10;

    /// <summary>1 when created, one more on every change of its title, text or team.</summary>
    [Id(4)] public long Version { get; init; }

    [Id(5)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Who made the current version (the caller, "system" for seeded ones).</summary>
    [Id(6)] public string? UpdatedBy { get; init; }

    /// <summary>The versions before this one, newest first (at most <see cref="MaxHistory"/>).</summary>
    [Id(7)]
    public IReadOnlyList<SavedReplyVersion> History
    {
        get => field ?? [];
        init;
    }

    /// <summary>The refusal for a saved reply the tenant does not have, wherever that is found out.</summary>
    public static CareException NotFound(string tenantId, string savedReplyId, string field) =>
        CareException.NotFound($"Saved reply {Echo.Quote(savedReplyId)} of tenant \"{tenantId}\"", field);

    public bool SameContentAs(SavedReply other) =>
        other is not null && Title == other.Title && Text == other.Text && TeamId == other.TeamId;

    /// <summary>
    /// Versions a library as it changes from <paramref name="before"/> to <paramref name="after"/>:
    /// a new saved reply starts at version 1, a changed one gets the next version and keeps the one
    /// it replaces in its history, an unchanged one keeps its version however the list was sent
    /// (a whole-tenant update resends every saved reply).
    /// </summary>
    public static IReadOnlyList<SavedReply> Stamp(IReadOnlyList<SavedReply> before, IReadOnlyList<SavedReply> after, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var stamped = new List<SavedReply>(after.Count);
        foreach (var reply in after)
        {
            var old = before.FirstOrDefault(r => r.Id == reply.Id);
            if (old is null)
            {
                stamped.Add(reply with { Version = 1, UpdatedAt = now, UpdatedBy = by, History = [] });
            }
            else if (old.SameContentAs(reply))
            {
                stamped.Add(old);
            }
            else
            {
                var previous = new SavedReplyVersion(Math.Max(1, old.Version), old.Title, old.Text, old.TeamId, old.UpdatedAt, old.UpdatedBy);
                stamped.Add(reply with
                {
                    Version = Math.Max(1, old.Version) + 1,
                    UpdatedAt = now,
                    UpdatedBy = by,
                    History = [previous, .. old.History.Take(MaxHistory - 1)],
                });
            }
        }

        return stamped;
    }

    /// <summary>Checks a saved reply a client submitted, with the API's field names.</summary>
    public void Validate(string field, TenantSettings tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        Identifiers.RequireSlug($"{field}.id", Id);
        FieldRules.Bounded($"{field}.title", Title, ConversationLimits.MaxNameLength);
        FieldRules.RequireText($"{field}.text", Text);
        SavedReplyTemplate.Variables(Text, $"{field}.text");
        if (TeamId is not null && !tenant.HasTeam(TeamId))
        {
            throw CareException.Invalid($"{field}.team_id", $"{Echo.Quote(TeamId)} is not one of the tenant's teams.");
        }
    }
}
