using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SocialCare.Api.Common;

namespace SocialCare.Api.Webhooks;

/// <summary>
/// Webhooks are served on their own listener (HTTP/1.1, which the networks post with, while the
/// gRPC listener speaks HTTP/2 only): its connections are marked, and the webhook routes answer
/// 404 on any other, so the two surfaces can be exposed (or not) separately.
/// </summary>
public static class WebhookListener
{
    private static readonly ListenerMark Listener = new("socialcare.webhooks");

    public static void Mark(ListenOptions listen) => Listener.Mark(listen);

    public static bool Came(HttpContext context) => Listener.Came(context);
}
