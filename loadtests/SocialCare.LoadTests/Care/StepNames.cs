namespace SocialCare.LoadTests.Care;

/// <summary>
/// The steps a scenario run records, named once: the desk records under these names, thresholds
/// refuse any other, and the report adds them up by what they stand for.
/// </summary>
internal static class StepNames
{
    public const string IngestUnary = "ingest_unary";
    public const string IngestStream = "ingest_stream";
    public const string ListQueue = "list_queue";
    public const string Claim = "claim";
    public const string Reply = "reply";
    public const string Resolve = "resolve";

    /// <summary>An agent's whole piece of work, from its scheduled start to the resolve (or the step that failed).</summary>
    public const string Handle = "handle";

    public static IReadOnlyList<string> All { get; } = [IngestUnary, IngestStream, ListQueue, Claim, Reply, Resolve, Handle];

    /// <summary>The flow that plays mentions, and the one that plays agents' work.</summary>
    public const string MentionsFlow = "mentions";

    public const string AgentsFlow = "agents";

    /// <summary>The steps that acknowledge a mention, one per ingest path.</summary>
    public static IReadOnlyList<string> Ingest { get; } = [IngestUnary, IngestStream];
}
