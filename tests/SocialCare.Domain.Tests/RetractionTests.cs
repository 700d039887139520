using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Tests;

/// <summary>Taking a published reply off the network, as the conversation rules it (the API tests show the same through gRPC).</summary>
public sealed class RetractionTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;
    private static readonly CareActor Jd = CareActor.Agent("jd");
    private static readonly DeliveryRetry Retry = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

    /// <summary>A conversation with a public reply the network published as post "1999".</summary>
    private static (Conversation Conversation, ConversationMessage Published) Published()
    {
        var conversation = Samples.Opened(T0);
        var reply = conversation.Reply(Jd, "Your refund is guaranteed.", null, Visibility.Public, null, T0.AddMinutes(1)).Reply!;
        var sent = conversation.RecordDelivery(reply, new DeliveryReport(reply.Delivery!.DeliveryId, DeliveryOutcome.Sent, "1999", null, null), Retry, T0.AddMinutes(2), 0.5).Reply;
        conversation.TakeUnsaved();
        return (conversation, sent);
    }

    private static ConversationMessage Current(Conversation conversation, ConversationMessage message) =>
        conversation.RecentMessages.Single(m => m.MessageId == message.MessageId);

    [Fact]
    public void A_published_reply_gets_a_retraction_with_its_own_delivery_and_is_marked_gone_once_the_network_deletes_it()
    {
        var (conversation, published) = Published();

        var retraction = conversation.RequestRetraction(Jd, published, "Promised a refund we cannot give", T0.AddMinutes(5));

        Assert.Equal((MessageKind.Retraction, published.MessageId, "1999"), (retraction.Kind, retraction.RetractsMessageId, retraction.RetractsNetworkMessageId));
        Assert.Equal(DeliveryState.Pending, retraction.Delivery!.State);
        Assert.Equal(RetractionState.Requested, Current(conversation, published).Retraction!.State);
        // Asked once: a second request while the first is under way is refused, naming when and by whom.
        var twice = Assert.Throws<CareException>(() => conversation.RequestRetraction(Jd, Current(conversation, published), "again", T0.AddMinutes(6)));
        Assert.Contains("already requested by jd", twice.Message, StringComparison.Ordinal);

        var done = conversation.RecordDelivery(retraction, new DeliveryReport(retraction.Delivery.DeliveryId, DeliveryOutcome.Sent, "1999", null, null), Retry, T0.AddMinutes(7), 0.5);

        Assert.Equal(DeliverySettlement.Updated, done.Settlement);
        Assert.Equal(RetractionState.Retracted, Current(conversation, published).Retraction!.State);
        Assert.Contains(conversation.RecentMessages, m => m.Kind == MessageKind.InternalNote && m.Text == $"Reply {published.MessageId} was taken off the network.");
        // The reply itself stays in the history, as it was sent.
        Assert.Equal("1999", Current(conversation, published).Delivery!.NetworkMessageId);
    }

    [Fact]
    public void A_retraction_the_network_refuses_leaves_the_reply_public_says_so_and_may_be_asked_again()
    {
        var (conversation, published) = Published();
        var retraction = conversation.RequestRetraction(Jd, published, "Wrong flight number", T0.AddMinutes(5));

        conversation.RecordDelivery(retraction, new DeliveryReport(retraction.Delivery!.DeliveryId, DeliveryOutcome.Rejected, null, "post too old to delete", null), Retry, T0.AddMinutes(6), 0.5);

        Assert.Equal(RetractionState.Failed, Current(conversation, published).Retraction!.State);
        Assert.Contains(conversation.RecentMessages, m => m.Kind == MessageKind.InternalNote && m.Text!.Contains("could not be taken off the network: post too old to delete. It is still public", StringComparison.Ordinal));
        var again = conversation.RequestRetraction(Jd, Current(conversation, published), "Trying once more", T0.AddMinutes(10));
        Assert.Equal(RetractionState.Requested, Current(conversation, published).Retraction!.State);
        Assert.NotEqual(retraction.MessageId, again.MessageId);
    }

    [Fact]
    public void Only_a_reply_the_network_published_can_be_retracted_and_a_reason_is_required()
    {
        var conversation = Samples.Opened(T0);
        var pending = conversation.Reply(Jd, "On it.", null, Visibility.Public, null, T0.AddMinutes(1)).Reply!;
        var note = conversation.AddNote(Jd, "Called the airport.", T0.AddMinutes(2));
        var customer = conversation.RecentMessages.First(m => m.Kind == MessageKind.Customer);

        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => conversation.RequestRetraction(Jd, pending, "oops", T0.AddMinutes(3))).Kind);
        Assert.Equal("message_id", Assert.Throws<CareException>(() => conversation.RequestRetraction(Jd, note, "oops", T0.AddMinutes(3))).Field);
        Assert.Equal("message_id", Assert.Throws<CareException>(() => conversation.RequestRetraction(Jd, customer, "oops", T0.AddMinutes(3))).Field);
        var (published, reply) = Published();
        Assert.Equal("reason", Assert.Throws<CareException>(() => published.RequestRetraction(Jd, reply, " ", T0.AddMinutes(3))).Field);
    }
}
