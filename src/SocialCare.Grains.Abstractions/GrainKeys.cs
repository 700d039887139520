using System.Globalization;
using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Abstractions;

/// <summary>
/// Every grain key starts with its tenant, so no grain is ever shared between tenants. Keys
/// always contain '/', which also keeps the ADO.NET storage from reading them as numbers.
/// </summary>
public static class GrainKeys
{
    public static string Conversation(string tenantId, string conversationId) => $"{tenantId}/{conversationId}";

    public static string Customer(string tenantId, string customerId) => $"{tenantId}/{customerId}";

    public static string Author(string tenantId, Channel channel, string networkUserId) =>
        string.Create(CultureInfo.InvariantCulture, $"{tenantId}/{(int)channel}/{networkUserId}");

    /// <summary>
    /// The author entry a mention goes through: its writer's, or for a message posted in a group,
    /// the group's, so that every member's messages join the group's one conversation.
    /// </summary>
    public static string AuthorOf(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        return Author(mention.TenantId, mention.Channel, GroupAuthor(mention.GroupId) ?? mention.Author.NetworkUserId);
    }

    /// <summary>The author id that stands for a group; null when there is no group.</summary>
    public static string? GroupAuthor(string? groupId) => string.IsNullOrEmpty(groupId) ? null : "group:" + groupId;

    public static string QueueShard(string tenantId, string teamId, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{tenantId}/{teamId}/{shard}");

    /// <summary>Every shard of one team's queue, in shard order.</summary>
    public static IEnumerable<string> TeamQueueShards(string tenantId, string teamId, int shardsPerTeam) =>
        Enumerable.Range(0, shardsPerTeam).Select(shard => QueueShard(tenantId, teamId, shard));

    /// <summary>Splits a two-part key "{tenant}/{id}".</summary>
    public static (string TenantId, string Id) SplitTenantScoped(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new ArgumentException($"Grain key \"{key}\" has no tenant.", nameof(key)) : (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>Splits an author key "{tenant}/{channel}/{network user id}"; the user id may itself contain '/'.</summary>
    public static (string TenantId, Channel Channel, string NetworkUserId) SplitAuthor(string key)
    {
        var parts = key.Split('/', 3);
        return parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var channel)
            ? (parts[0], (Channel)channel, parts[2])
            : throw new ArgumentException($"Grain key \"{key}\" is not an author key.", nameof(key));
    }

    /// <summary>Splits a queue shard key "{tenant}/{team}/{shard}".</summary>
    public static (string TenantId, string TeamId, int Shard) SplitQueueShard(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            ? (parts[0], parts[1], shard)
            : throw new ArgumentException($"Grain key \"{key}\" is not a queue shard key.", nameof(key));
    }
}
