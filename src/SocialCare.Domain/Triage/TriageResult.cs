namespace SocialCare.Domain.Triage;

/// <summary>How one message was classified, and why (for agents and audits).</summary>
/// <param name="Reason">One line for people: the category's deciding cue.</param>
[GenerateSerializer, Immutable]
public sealed record TriageResult(
    [property: Id(0)] Category Category,
    [property: Id(1)] Priority Priority,
    [property: Id(2)] Sentiment Sentiment,
    [property: Id(3)] string Reason)
{
    /// <summary>Everything that weighed, in the order it was found ("negated: not happy", "sarcasm: thanks for nothing").</summary>
    [Id(4)]
    public IReadOnlyList<string> Cues
    {
        get => field ?? [];
        init;
    }

    /// <summary>How sure the category is, 0..1.</summary>
    [Id(5)] public double Confidence { get; init; }

    /// <summary>The language the text was read as ("en", "fr"), or null when it could not tell.</summary>
    [Id(6)] public string? Language { get; init; }

    /// <summary>The valence, -1 (most negative) .. +1.</summary>
    [Id(7)] public double Valence { get; init; }

    /// <summary>
    /// What a message gets when triage could not read it (a classifier failed): stored and queued
    /// at normal priority for an agent to read, never refused. The reason says so.
    /// </summary>
    public static TriageResult Unread(string why) =>
        new(Category.Remark, Priority.Normal, Sentiment.Neutral, $"not triaged ({why}); read it yourself") { Confidence = 0 };
}
