using SocialCare.Domain.Access;
using SocialCare.Domain.Errors;
using SocialCare.Domain.SavedReplies;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.Conversations;

/// <summary>
/// What an agent asked to send, before it is a reply: their text or a saved reply with its
/// variables, their own sign-off if they have one, and their name. <see cref="Compose"/> makes
/// the words and the signature the customer will see from it, the conversation and the brand's
/// settings, in one place (the API only maps the request to a draft).
/// </summary>
/// <param name="Signature">The author's own sign-off (the request's, else their token's); null: the brand's, if it has one.</param>
/// <param name="RequestId">The client's id for this reply: a retry with it answers the reply it made.</param>
[GenerateSerializer, Immutable]
public sealed record ReplyDraft(
    [property: Id(0)] CareActor Actor,
    [property: Id(1)] string Text,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string? Signature,
    [property: Id(4)] string? RequestId)
{
    /// <summary>The most variables a request may give a saved reply.</summary>
    public const int MaxVariables = 100;

    /// <summary>A saved reply to send instead of <see cref="Text"/>, rendered with <see cref="Variables"/> and what the conversation knows.</summary>
    [Id(5)] public string? SavedReplyId { get; init; }

    /// <summary>The request's own values for the saved reply's variables; they win over everything the server fills in.</summary>
    [Id(6)] public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The number of an earlier reply this one corrects, for the history.</summary>
    [Id(7)] public int? Corrects { get; init; }

    /// <summary>The author's name ({agent.name}, and the brand's sign-off); null: the acting agent's id.</summary>
    [Id(8)] public string? AuthorName { get; init; }

    /// <summary>
    /// The reply's words and sign-off: the author's own signature, else the brand's sign-off with
    /// the author's name; a saved reply rendered with the request's variables over the author's
    /// ({agent.name}, {agent.signature}), the conversation's ({customer.name}, ...) and the
    /// brand's; a saved reply that places {agent.signature} itself is not signed a second time.
    /// </summary>
    public ComposedReply Compose(Conversation conversation, TenantSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(settings);
        var author = AuthorName ?? Actor.AgentId;
        var signature = Signature ?? settings.SignatureFor(author);
        if (SavedReplyId is not { } savedReplyId)
        {
            return new ComposedReply(Text, signature);
        }

        Identifiers.RequireSlug("saved_reply_id", savedReplyId);
        if (!string.IsNullOrEmpty(Text))
        {
            throw CareException.Invalid("text", "must be empty when saved_reply_id is given: the saved reply is the text.");
        }

        if (Variables.Count > MaxVariables)
        {
            throw CareException.Invalid("variables", $"has {Variables.Count} values; at most {MaxVariables}.");
        }

        var saved = settings.SavedReplies.FirstOrDefault(r => r.Id == savedReplyId)
            ?? throw SavedReply.NotFound(conversation.TenantId, savedReplyId, "saved_reply_id");
        if (saved.TeamId is { } team && team != conversation.TeamId)
        {
            throw CareException.Precondition($"Saved reply \"{saved.Id}\" is for team \"{team}\"; conversation {conversation.ConversationId} is with team \"{conversation.TeamId}\".");
        }

        var given = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["agent.name"] = author,
            ["agent.signature"] = Signature ?? "",
        };
        foreach (var (name, value) in Variables)
        {
            FieldRules.Bounded($"variables[{name}]", name, 64);
            FieldRules.Bounded($"variables[{name}]", value, 1_000);
            given[name] = value;
        }

        var values = SavedReplyTemplate.ValuesFor(conversation, given, now, settings.ReplyVariables);
        if (signature is not null && values.GetValueOrDefault("agent.signature", "").Length == 0)
        {
            values["agent.signature"] = signature;
        }

        var signsItself = SavedReplyTemplate.Variables(saved.Text).Contains("agent.signature");
        return new ComposedReply(SavedReplyTemplate.Render(saved.Text, values), signsItself ? null : signature);
    }
}

/// <summary>A reply's words as the customer will read them, and the sign-off appended to them (null: none).</summary>
public sealed record ComposedReply(string Text, string? Signature);
