using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SocialCare.Api.Webhooks;

/// <summary>
/// Webhooks are served on their own listener (HTTP/1.1, which the networks post with, while the
/// gRPC listener speaks HTTP/2 only): its connections are marked, and the webhook routes answer
/// 404 on any other, so the two surfaces can be exposed (or not) separately.
/// </summary>
public static class WebhookListener
{
    private const string Key = "socialcare.webhooks";

    public static void Mark(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => connection =>
        {
            connection.Items[Key] = true;
            return next(connection);
        });
    }

    public static bool Came(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Key) == true;
    }
}
