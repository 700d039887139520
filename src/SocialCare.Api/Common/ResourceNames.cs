using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Api.Common;

/// <summary>Resource names of the API (Google API design guide style) and their parsing.</summary>
public static class ResourceNames
{
    public static string Tenant(string tenantId) => $"tenants/{tenantId}";

    public static string Conversation(string tenantId, string conversationId) => $"tenants/{tenantId}/conversations/{conversationId}";

    public static string Customer(string tenantId, string customerId) => $"tenants/{tenantId}/customers/{customerId}";

    public static string ApiKey(string tenantId, string keyId) => $"tenants/{tenantId}/apiKeys/{keyId}";

    public static string Delivery(string tenantId, string deliveryId) => $"tenants/{tenantId}/deliveries/{deliveryId}";

    /// <summary>"tenants/{tenant}/deliveries/{conversation}.{message}": the id carries a dot, which other ids never do.</summary>
    public static (string TenantId, string DeliveryId) ParseDelivery(string field, string? name)
    {
        const string Shape = "tenants/{tenant}/deliveries/{delivery_id}";
        var parts = Split(field, name, Shape);
        if (parts.Length != 4 || parts[0] != "tenants" || parts[2] != "deliveries")
        {
            throw Malformed(field, name, Shape);
        }

        Identifiers.RequireSlug(field, parts[1]);
        var (conversationId, _) = DeliveryIds.Parse(field, parts[3]);
        if (!IsOpaqueId(conversationId))
        {
            throw CareException.Invalid(field, $"{Echo.Quote(parts[3])} is not a delivery id (a conversation id, a dot and a message number).");
        }

        return (parts[1], parts[3]);
    }

    public static (string TenantId, string KeyId) ParseApiKey(string field, string? name) =>
        ParseChild(field, name, "apiKeys");

    public static string ParseTenant(string field, string? name)
    {
        var parts = Split(field, name, "tenants/{tenant}");
        if (parts.Length != 2 || parts[0] != "tenants")
        {
            throw Malformed(field, name, "tenants/{tenant}");
        }

        Identifiers.RequireSlug(field, parts[1]);
        return parts[1];
    }

    public static string CarePolicy(string tenantId) => $"tenants/{tenantId}/carePolicy";

    /// <summary>"tenants/{tenant}/carePolicy": the tenant's one care policy.</summary>
    public static string ParseCarePolicy(string field, string? name)
    {
        const string Shape = "tenants/{tenant}/carePolicy";
        var parts = Split(field, name, Shape);
        if (parts.Length != 3 || parts[0] != "tenants" || parts[2] != "carePolicy")
        {
            throw Malformed(field, name, Shape);
        }

        Identifiers.RequireSlug(field, parts[1]);
        return parts[1];
    }

    public static (string TenantId, string ConversationId) ParseConversation(string field, string? name) =>
        ParseChild(field, name, "conversations");

    public static (string TenantId, string CustomerId) ParseCustomer(string field, string? name) =>
        ParseChild(field, name, "customers");

    public static string SavedReply(string tenantId, string savedReplyId) => $"tenants/{tenantId}/savedReplies/{savedReplyId}";

    public static (string TenantId, string SavedReplyId) ParseSavedReply(string field, string? name)
    {
        var (tenantId, id) = ParseChild(field, name, "savedReplies");
        Identifiers.RequireSlug(field, id);
        return (tenantId, id);
    }

    /// <summary>"tenants/{tenant}" (every team) or "tenants/{tenant}/teams/{team}".</summary>
    public static QueueScope ParseQueueParent(string field, string? name)
    {
        const string Shape = "tenants/{tenant} or tenants/{tenant}/teams/{team}";
        var parts = Split(field, name, Shape);
        if (parts[0] != "tenants" || (parts.Length != 2 && (parts.Length != 4 || parts[2] != "teams")))
        {
            throw Malformed(field, name, Shape);
        }

        Identifiers.RequireSlug(field, parts[1]);
        if (parts.Length == 2)
        {
            return new QueueScope(parts[1], null);
        }

        Identifiers.RequireSlug(field, parts[3]);
        return new QueueScope(parts[1], parts[3]);
    }

    private static (string TenantId, string Id) ParseChild(string field, string? name, string collection)
    {
        var shape = $"tenants/{{tenant}}/{collection}/{{id}}";
        var parts = Split(field, name, shape);
        if (parts.Length != 4 || parts[0] != "tenants" || parts[2] != collection || parts[3].Length == 0)
        {
            throw Malformed(field, name, shape);
        }

        Identifiers.RequireSlug(field, parts[1]);
        if (!IsOpaqueId(parts[3]))
        {
            throw CareException.Invalid(field, $"{Echo.Quote(parts[3])} is not a valid id (letters, digits, '-' and '_', at most 64).");
        }

        return (parts[1], parts[3]);
    }

    private static bool IsOpaqueId(string id) =>
        id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string[] Split(string field, string? name, string shape) =>
        string.IsNullOrEmpty(name)
            ? throw CareException.Invalid(field, $"is required, in the form {shape}.")
            : name.Split('/');

    private static CareException Malformed(string field, string? name, string shape) =>
        CareException.Invalid(field, $"{Echo.Quote(name)} is not a resource name of the form {shape}.");
}
