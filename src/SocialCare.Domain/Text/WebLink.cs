namespace SocialCare.Domain.Text;

/// <summary>
/// A link a console may show as a link: absolute http or https, at most 2,048 characters. Anything
/// else (javascript:, data:, a relative path) is never stored as a link.
/// </summary>
public static class WebLink
{
    public const int MaxLength = 2048;

    public static bool IsWebLink(string? url) =>
        url is { Length: > 0 and <= MaxLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var link)
        && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp);
}
