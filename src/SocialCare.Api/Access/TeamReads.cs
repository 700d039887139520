using SocialCare.Domain.Customers;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Conversations;

namespace SocialCare.Api.Access;

/// <summary>
/// What a caller limited to some teams may read of conversations it reaches sideways (a
/// customer's other conversations, a delivery's reply): only those with its teams, asked of each
/// conversation, since a conversation moves between teams and only it knows where it is now.
/// Callers on every team pay nothing.
/// </summary>
public static class TeamReads
{
    /// <summary>Refuses (PERMISSION_DENIED) a team-limited caller a conversation of another team.</summary>
    public static async Task RequireConversationTeamAsync(this CareCaller caller, IGrainFactory grains, string tenantId, string conversationId, string field)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grains);
        if (caller.Teams is null)
        {
            return;
        }

        caller.RequireTeamScope(await Conversation(grains, tenantId, conversationId).GetTeamAsync(), field);
    }

    /// <summary>The references whose conversations the caller may read, in their order.</summary>
    public static async Task<IReadOnlyList<ConversationReference>> VisibleToAsync(
        this IReadOnlyList<ConversationReference> conversations, CareCaller caller, IGrainFactory grains, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Teams is not { } teams)
        {
            return conversations;
        }

        var teamsOf = await Task.WhenAll(conversations.Select(c => Conversation(grains, tenantId, c.ConversationId).GetTeamAsync()));
        return [.. conversations.Where((_, i) => teams.Contains(teamsOf[i], StringComparer.Ordinal))];
    }

    private static IConversationGrain Conversation(IGrainFactory grains, string tenantId, string conversationId) =>
        grains.GetCareGrain<IConversationGrain>(GrainKeys.Conversation(tenantId, conversationId));
}
