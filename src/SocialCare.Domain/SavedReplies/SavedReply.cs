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
