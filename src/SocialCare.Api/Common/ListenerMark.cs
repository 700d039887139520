using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SocialCare.Api.Common;

/// <summary>
/// Marks the connections of one Kestrel listener, so a request can tell which port it came in on
/// from the connection itself: a Host header is the client's to write, a connection is not.
/// </summary>
public sealed class ListenerMark(string key)
{
    public void Mark(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => connection =>
        {
            connection.Items[key] = true;
            return next(connection);
        });
    }

    public bool Came(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(key) == true;
    }
}
