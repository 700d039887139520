using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Tests;

public sealed class DeliveryTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;
    private static readonly CareActor Jd = CareActor.Agent("jd");
    private static readonly DeliveryRetry Retry = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

    private static (Conversation Conversation, ConversationMessage Reply) Replied(Channel channel = Channel.X, Visibility visibility = Visibility.Public)
    {
        var conversation = new Conversation();
        conversation.Open("c1", "cust1", "first-line", Samples.Mention("m1", channel: channel) with { AccountId = "brand-1" }, Samples.Triage(), T0);
        var reply = conversation.Reply(Jd, "We're on it.", null, visibility, null, T0.AddMinutes(1)).Reply!;
        conversation.TakeUnsaved();
        return (conversation, reply);
    }

    private static DeliveryReport Report(ConversationMessage reply, DeliveryOutcome outcome, string? networkId = null, TimeSpan? retryAfter = null) =>
        new(reply.Delivery!.DeliveryId, outcome, networkId, outcome == DeliveryOutcome.Sent ? null : "HTTP 503", retryAfter);

    [Fact]
    public void A_reply_is_stored_with_a_pending_delivery_that_answers_the_customers_latest_message()
    {
        var (conversation, reply) = Replied();

        Assert.Equal(DeliveryState.Pending, reply.Delivery!.State);
        Assert.Equal("c1.2", reply.Delivery.DeliveryId);
        Assert.Equal("m1", reply.InReplyToId);

        var row = Delivery.Of(conversation, reply);
        Assert.Equal(("acme", "brand-1", "u1", "m1", Channel.X), (row.TenantId, row.AccountId, row.RecipientId, row.InReplyToId, row.Channel));
        Assert.Equal(reply.Text, row.Text);
        Assert.Equal(T0.AddMinutes(1), row.DueAt);
        Assert.True(row.IsLeasable(T0.AddMinutes(1)));
        Assert.False(row.IsLeasable(T0));
    }

    [Fact]
    public void Sent_records_the_network_id_once_and_a_repeated_report_changes_nothing()
    {
        var (conversation, reply) = Replied();

        var first = conversation.RecordDelivery(reply, Report(reply, DeliveryOutcome.Sent, "1999"), Retry, T0.AddMinutes(2), 0.5);
        Assert.True(first.Changed);
        Assert.Equal((DeliveryState.Sent, "1999", T0.AddMinutes(2)), (first.Reply.Delivery!.State, first.Reply.Delivery.NetworkMessageId, first.Reply.Delivery.SentAt));
        Assert.Single(conversation.TakeUnsaved());
        Assert.Equal(DeliveryState.Sent, conversation.RecentMessages.Single(m => m.Sequence == reply.Sequence).Delivery!.State);

        var again = conversation.RecordDelivery(first.Reply, Report(reply, DeliveryOutcome.Rejected), Retry, T0.AddMinutes(3), 0.5);
        Assert.False(again.Changed);
        Assert.Equal(DeliveryState.Sent, again.Reply.Delivery!.State);
        Assert.Empty(conversation.TakeUnsaved());
    }

    [Fact]
    public void Retryable_failures_back_off_exponentially_and_give_up_at_the_channels_limit()
    {
        var (conversation, reply) = Replied(Channel.X);
        var now = T0.AddMinutes(2);
        var waits = new List<TimeSpan>();
        DeliveryChange change;
        do
        {
            change = conversation.RecordDelivery(reply, Report(reply, DeliveryOutcome.Retryable), Retry, now, 1);
            reply = change.Reply;
            if (reply.Delivery!.NextAttemptAt is { } next)
            {
                waits.Add(next - now);
                now = next;
            }
        }
        while (!change.Undelivered);

        Assert.Equal(DeliveryRetry.MaxFailures(Channel.X), reply.Delivery!.FailedAttempts);
        Assert.Equal(DeliveryState.Failed, reply.Delivery.State);
        Assert.Contains("gave up after 6 tries", reply.Delivery.LastError, StringComparison.Ordinal);
        Assert.Equal([10, 20, 40, 80, 160], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void Rate_limiting_waits_as_the_network_asks_and_counts_no_failure()
    {
        var (conversation, reply) = Replied();

        var limited = conversation.RecordDelivery(reply, Report(reply, DeliveryOutcome.RateLimited, retryAfter: TimeSpan.FromSeconds(90)), Retry, T0, 0);

        Assert.Equal(DeliveryState.Pending, limited.Reply.Delivery!.State);
        Assert.Equal(0, limited.Reply.Delivery.FailedAttempts);
        Assert.Equal(T0.AddSeconds(90), limited.Reply.Delivery.NextAttemptAt);

        var hugeHint = conversation.RecordDelivery(limited.Reply, Report(reply, DeliveryOutcome.RateLimited, retryAfter: TimeSpan.FromDays(3)), Retry, T0, 0);
        Assert.Equal(T0 + Retry.MaxDelay, hugeHint.Reply.Delivery!.NextAttemptAt);
    }

    [Fact]
    public void A_rejected_reply_fails_at_once_and_brings_a_resolved_conversation_back_to_its_author()
    {
        var (conversation, reply) = Replied();
        conversation.Resolve(Jd, null, T0.AddMinutes(2));

        var rejected = conversation.RecordDelivery(reply, Report(reply, DeliveryOutcome.Rejected), Retry, T0.AddMinutes(3), 0.5);

        Assert.True(rejected.Undelivered);
        Assert.Equal(DeliveryState.Failed, rejected.Reply.Delivery!.State);
        Assert.Equal(1, rejected.Reply.Delivery.FailedAttempts);
        Assert.Equal(ConversationStatus.Assigned, conversation.Status);
        Assert.Equal("jd", conversation.AssignedAgentId);
        Assert.True(conversation.ToQueueItem().ReplyUndelivered);
        var note = conversation.RecentMessages[^1];
        Assert.Equal(MessageKind.InternalNote, note.Kind);
        Assert.Contains("HTTP 503", note.Text, StringComparison.Ordinal);

        conversation.Reply(Jd, "Sorry, trying again.", null, Visibility.Public, null, T0.AddMinutes(4));
        Assert.False(conversation.ToQueueItem().ReplyUndelivered);
    }

    [Fact]
    public void A_report_must_name_the_replys_delivery_and_a_sent_report_its_network_id()
    {
        var (conversation, reply) = Replied();

        var wrong = Assert.Throws<CareException>(() => conversation.RecordDelivery(reply, new DeliveryReport("c1.9", DeliveryOutcome.Sent, "1"), Retry, T0, 0));
        Assert.Equal(CareErrorKind.NotFound, wrong.Kind);

        var noId = Assert.Throws<CareException>(() => conversation.RecordDelivery(reply, Report(reply, DeliveryOutcome.Sent), Retry, T0, 0));
        Assert.Equal("network_message_id", noId.Field);
    }

    [Theory]
    [InlineData("c1.2", "c1", 2)]
    [InlineData("a.b.c.17", "a.b.c", 17)]
    public void Delivery_ids_name_their_conversation_and_message(string id, string conversationId, int sequence)
    {
        Assert.True(DeliveryIds.TryParse(id, out var conversation, out var number));
        Assert.Equal((conversationId, sequence), (conversation, number));
        Assert.Equal(id, DeliveryIds.Of(conversationId, sequence));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c1")]
    [InlineData(".2")]
    [InlineData("c1.")]
    [InlineData("c1.0")]
    [InlineData("c1.-3")]
    [InlineData("c1.99999999999")]
    public void Malformed_delivery_ids_are_refused_with_the_field(string id)
    {
        Assert.False(DeliveryIds.TryParse(id, out _, out _));
        Assert.Equal("delivery_id", Assert.Throws<CareException>(() => DeliveryIds.Parse("delivery_id", id)).Field);
    }

    [Fact]
    public void Backoff_stays_between_half_and_all_of_the_exponential_delay_and_under_the_cap()
    {
        for (var failures = 1; failures < 40; failures++)
        {
            var ceiling = TimeSpan.FromTicks((long)Math.Min(Retry.FirstDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30)), Retry.MaxDelay.Ticks));
            foreach (var jitter in new[] { 0, 0.3, 0.999 })
            {
                var wait = Retry.Backoff(failures, jitter);
                Assert.InRange(wait, ceiling / 2, ceiling);
            }
        }
    }
}
