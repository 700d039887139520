namespace SocialCare.Domain.Conversations;

/// <summary>
/// The documented input limits (also stated in the proto comments and the README). Lengths are
/// user-perceived characters (see <see cref="Text.TextLength"/>).
/// </summary>
public static class ConversationLimits
{
    public const int MaxTextLength = 10_000;

    /// <summary>
    /// A hard bound on any text's size, whatever its character count: ten thousand characters of
    /// ordinary text (emoji included) stay far below it, and nothing larger is ever stored.
    /// </summary>
    public const int MaxTextCodeUnits = 65_536;

    public const int MaxIdLength = 256;
    public const int MaxNameLength = 256;
    public const int MaxSignatureLength = 64;

    /// <summary>X's budget for a post, in its weighted length; a public reply there must fit.</summary>
    public const int MaxPublicXReplyLength = Text.TextLength.XMaxWeightedLength;
    public const int PreviewLength = 140;
    /// <summary>
    /// How many of the latest messages a conversation keeps in its own state; the full history
    /// lives in an append-only journal, so a long conversation does not grow what each change writes.
    /// </summary>
    public const int RecentMessages = 50;

    /// <summary>How long a reply's request id is remembered: a retry within it is answered with the first reply.</summary>
    public static readonly TimeSpan RequestIdRetention = TimeSpan.FromHours(24);

    /// <summary>
    /// At most this many request ids are remembered per conversation (the oldest are forgotten
    /// first), so a conversation flooded with replies cannot grow its state without bound.
    /// </summary>
    public const int MaxRememberedRequests = 1_000;
}
