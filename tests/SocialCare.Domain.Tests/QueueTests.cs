using FsCheck;
using FsCheck.Fluent;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

public sealed class QueueTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;

    private static QueueItem Item(string id, Priority priority, int dueMinutes, int openedMinutes = 0) => new(
        id, "first-line", Channel.X, ConversationStatus.Open, priority, Category.Question, null, "@a", "", T0.AddMinutes(openedMinutes),
        dueMinutes < 0 ? null : T0.AddMinutes(dueMinutes), false, T0, 1);

    [Fact]
    public void Work_order_is_priority_then_due_time_then_age()
    {
        var items = new[]
        {
            Item("low-soon", Priority.Low, 5),
            Item("high-late", Priority.High, 60),
            Item("high-soon", Priority.High, 10),
            Item("high-no-clock", Priority.High, -1),
            Item("high-soon-newer", Priority.High, 10, openedMinutes: 3),
        };
        var ordered = items.OrderBy(i => i.Position).Select(i => i.ConversationId);
        Assert.Equal(["high-soon", "high-soon-newer", "high-late", "high-no-clock", "low-soon"], ordered);
    }

    [Fact]
    public void Page_tokens_round_trip_and_reject_garbage()
    {
        var position = Item("abc123", Priority.Normal, 42).Position;
        Assert.True(QueuePosition.TryParseToken(position.ToToken(), out var parsed));
        Assert.Equal(position, parsed);
        var noClock = Item("x", Priority.Low, -1).Position;
        Assert.True(QueuePosition.TryParseToken(noClock.ToToken(), out var parsedNoClock));
        Assert.Equal(noClock, parsedNoClock);

        Assert.False(QueuePosition.TryParseToken("not a token!", out _));
        Assert.False(QueuePosition.TryParseToken("", out _));
        Assert.False(QueuePosition.TryParseToken(Convert.ToBase64String("9|1|1|x"u8.ToArray()), out _));
    }

    [Fact]
    public void Merging_sorted_shards_gives_the_global_order()
    {
        var prop = Prop.ForAll(
            Gen.Choose(0, 50).ArrayOf().ToArbitrary(),
            Gen.Choose(1, 8).ToArbitrary(),
            (dues, shardCount) =>
            {
                var items = dues.Select((d, i) => Item($"c{i:D3}", (Priority)((d % 4) + 1), d)).ToList();
                var shards = Enumerable.Range(0, shardCount)
                    .Select(s => (IReadOnlyList<QueueItem>)[.. items.Where((_, i) => i % shardCount == s).OrderBy(i => i.Position)])
                    .ToList();
                var take = Math.Max(1, items.Count / 2);
                var merged = QueueMerge.TakeInOrder(shards, take);
                var expected = items.OrderBy(i => i.Position).Take(take).ToList();
                return merged.SequenceEqual(expected);
            });
        Check.QuickThrowOnFailure(prop);
    }

    [Fact]
    public void Wait_estimate_falls_back_to_the_policy_without_enough_recent_answers()
    {
        var estimate = WaitEstimator.Estimate([new FirstResponseSample(T0, TimeSpan.FromMinutes(3))], 4, T0.AddMinutes(1), TimeSpan.FromHours(1));
        Assert.False(estimate.Measured);
        Assert.Equal(TimeSpan.FromHours(1), estimate.EstimatedWait);
    }

    [Fact]
    public void Wait_estimate_is_the_median_wait_or_the_backlog_drain_time_whichever_is_longer()
    {
        // Four answers in the last 40 minutes: one answer every 10 minutes.
        var samples = new[] { 2, 4, 6, 30 }
            .Select((wait, i) => new FirstResponseSample(T0.AddMinutes(i * 10), TimeSpan.FromMinutes(wait)))
            .ToArray();
        var now = T0.AddMinutes(40);
        var quiet = WaitEstimator.Estimate(samples, backlog: 0, now, TimeSpan.FromHours(1));
        Assert.True(quiet.Measured);
        Assert.Equal(TimeSpan.FromMinutes(5), quiet.EstimatedWait);

        var busy = WaitEstimator.Estimate(samples, backlog: 6, now, TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromMinutes(60), busy.EstimatedWait);
    }

    [Fact]
    public void Old_answers_do_not_count()
    {
        var samples = Enumerable.Range(0, 5).Select(i => new FirstResponseSample(T0, TimeSpan.FromMinutes(1))).ToArray();
        Assert.False(WaitEstimator.Estimate(samples, 0, T0.AddHours(3), TimeSpan.FromHours(1)).Measured);
    }
}
