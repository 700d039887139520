namespace SocialCare.Testing.Networks;

/// <summary>A fault the stub applies to one request instead of answering it normally.</summary>
public abstract record NetworkFault
{
    /// <summary>An HTTP error with a body and headers (a 429 with its reset header, a 503, a Graph error).</summary>
    public sealed record Status(int Code, string Body = "{}", IReadOnlyDictionary<string, string>? Headers = null) : NetworkFault;

    /// <summary>No answer for this long (past the sender's timeout).</summary>
    public sealed record Hang(TimeSpan For) : NetworkFault;

    /// <summary>The connection is dropped without an answer.</summary>
    public sealed record Reset : NetworkFault;

    /// <summary>The request is published (and recorded) but the connection drops before the answer: the sender cannot know.</summary>
    public sealed record LoseAnswer : NetworkFault;
}
