namespace SocialCare.Connectors.Webhooks;

/// <summary>Why an event of a webhook request was not stored as a customer's post: the reasons the intake counts.</summary>
public static class WebhookSkips
{
    /// <summary>Not a customer's words: a read receipt, a reaction, a like, a follow, a status without our delivery id.</summary>
    public const string NotAMessage = "not_a_message";

    /// <summary>A repost: it carries no words of the customer's own.</summary>
    public const string Repost = "repost";

    /// <summary>
    /// An event whose shape is not what the network documents (a number where an object belongs, a
    /// message without its id): it cannot be read, and it must not cost the request's other events.
    /// </summary>
    public const string Unreadable = "unreadable";

    /// <summary>A post to an account the tenant does not list.</summary>
    public const string OtherAccount = "other_account";

    /// <summary>The brand's own message coming back without a delivery id of ours (sent by another tool).</summary>
    public const string OwnMessage = "own_message";

    /// <summary>The network's own notice about a customer (a changed phone number), not their words.</summary>
    public const string Notice = "notice";

    /// <summary>An edit, deletion or reaction of a message SocialCare never stored (sent before the brand used it, or to another tool).</summary>
    public const string UnknownMessage = "unknown_message";
}
