using System.Globalization;
using SocialCare.Domain.Access;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Queues;
using Xunit.Abstractions;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Tests;

/// <summary>
/// The change pipeline over random sequences of desk commands (seeded, so a failure names its
/// sequence): after every command, whatever it did or refused, the trail has an entry exactly when
/// something was stored, every reply on its way has its outbox row (and one waiting for approval
/// none), and the queue row is what the conversation says.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChangePipelineTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Sequences = 12;
    private const int CommandsPerSequence = 30;

    private static readonly CareActor Jd = CareActor.Agent("jd");
    private static readonly CareActor Kim = CareActor.Agent("kim");
    private static readonly CareActor Sue = CareActor.Agent("sue");

    /// <summary>Whose replies wait for a supervisor's approval.</summary>
    private static readonly CareActor Newbie = CareActor.Agent("newbie");

    private static readonly string[] Names =
    [
        "customer writes", "jd claims", "kim claims", "jd releases", "sue releases anyone's", "jd replies", "newbie replies",
        "sue approves", "sue rejects", "jd notes", "jd resolves", "jd reopens", "jd escalates", "sent", "rejected", "sue assigns kim",
    ];

    private IConversationJournal Journal => ClusterFixture.Journal;

    [Fact]
    public async Task Every_stored_change_has_its_trail_entries_every_reply_on_its_way_its_outbox_row_and_the_queue_row_follows()
    {
        for (var seed = 1; seed <= Sequences; seed++)
        {
            var random = new Random(seed);
            var tenant = (await fixture.NewTenantAsync(s => s with { Approvals = ApprovalPolicy.None with { NewAgents = ["newbie"] } })).TenantId;
            var opened = await fixture.Grains.IngestAsync(Mentions.Make(tenant, "ann", "My bag is lost", messageId: $"n{seed}-0"));
            var conversation = fixture.Grains.Conversation(tenant, opened.ConversationId);
            var played = new List<string>();
            for (var step = 1; step <= CommandsPerSequence; step++)
            {
                var command = random.Next(Names.Length);
                played.Add(Names[command]);
                var (versionBefore, trailBefore) = (await VersionAsync(tenant, opened.ConversationId), (await TrailAsync(tenant, opened.ConversationId)).Count);
                var refused = await PlayAsync(command, tenant, conversation, $"n{seed}-{step}");
                var (versionAfter, trailAfter) = (await VersionAsync(tenant, opened.ConversationId), (await TrailAsync(tenant, opened.ConversationId)).Count);

                var where = $"seed {seed}, after: {string.Join(", ", played)}";
                Assert.True(versionAfter > versionBefore == trailAfter > trailBefore, $"stored (v{versionBefore} -> v{versionAfter}) but the trail went {trailBefore} -> {trailAfter}; {where}");
                if (refused)
                {
                    Assert.True(versionAfter == versionBefore, $"a refused command stored a change; {where}");
                }

                await RequireOutboxRowsAsync(tenant, opened.ConversationId, conversation, where);
                await RequireQueueRowAsync(tenant, await conversation.GetAsync(), where);
            }

            output.WriteLine($"seed {seed}: {string.Join(", ", played)}");
        }
    }

    /// <returns>True when the desk refused the command (a rule of the care process said no).</returns>
    private async Task<bool> PlayAsync(int command, string tenant, IConversationGrain conversation, string messageId)
    {
        try
        {
            var c = await conversation.GetAsync();
            switch (command)
            {
                case 0:
                    await fixture.Grains.IngestAsync(Mentions.Make(tenant, "ann", "Any news?", messageId: messageId));
                    break;
                case 1:
                    await conversation.ClaimAsync(Jd);
                    break;
                case 2:
                    await conversation.ClaimAsync(Kim);
                    break;
                case 3:
                    await conversation.ReleaseAsync(Jd, ReleaseScope.Own);
                    break;
                case 4:
                    await conversation.ReleaseAsync(Sue, ReleaseScope.Anyone);
                    break;
                case 5:
                    await conversation.ReplyAsync(new ReplyDraft(Jd, "We are on it.", Visibility.Public, null, null));
                    break;
                case 6:
                    await conversation.ReplyAsync(new ReplyDraft(Newbie, "Tracing it now.", Visibility.Public, null, null));
                    break;
                case 7 when c.AwaitingApproval is { } waiting:
                    await conversation.ApproveReplyAsync(Sue, waiting);
                    break;
                case 8 when c.AwaitingApproval is { } waiting:
                    await conversation.RejectReplyAsync(Sue, waiting, "Say when");
                    break;
                case 9:
                    await conversation.AddNoteAsync(Jd, "Checked the tracer.");
                    break;
                case 10:
                    await conversation.ResolveAsync(Jd, null);
                    break;
                case 11:
                    await conversation.ReopenAsync(Jd, null);
                    break;
                case 12:
                    await conversation.EscalateAsync(Jd, c.TeamId == "first-line" ? "second-line" : "first-line", "Needs the other team");
                    break;
                case 13 or 14 when Pending(c) is { } pending:
                    await conversation.RecordDeliveryAsync(command == 13
                        ? new DeliveryReport(pending.DeliveryId, DeliveryOutcome.Sent, $"post-{pending.DeliveryId}")
                        : new DeliveryReport(pending.DeliveryId, DeliveryOutcome.Rejected, null, "blocked by the network"));
                    break;
                case 15:
                    await conversation.AssignAsync(Sue, "kim");
                    break;
                default:
                    // Nothing to approve, reject or report on: a command nobody could make.
                    return true;
            }

            return false;
        }
        catch (CareException)
        {
            return true;
        }
    }

    private static MessageDelivery? Pending(ConversationView c) =>
        c.RecentMessages.Select(m => m.Delivery).LastOrDefault(d => d is { IsSettled: false });

    private async Task<long> VersionAsync(string tenant, string conversationId) =>
        (await Journal.LoadConversationAsync(GrainKeys.Conversation(tenant, conversationId)))?.Version ?? 0;

    private async Task<IReadOnlyList<AuditedEntry>> TrailAsync(string tenant, string conversationId) =>
        await Journal.ReadAuditAsync(tenant, new AuditFilter(ConversationId: conversationId), AuditCursor.Start, 10_000);

    /// <summary>A reply or retraction with a delivery has its outbox row in the same state; one waiting for (or refused) approval has none.</summary>
    private async Task RequireOutboxRowsAsync(string tenant, string conversationId, IConversationGrain conversation, string where)
    {
        foreach (var message in await conversation.ListMessagesAsync(0, 1_000))
        {
            if (message.Kind is not (MessageKind.AgentReply or MessageKind.Retraction))
            {
                continue;
            }

            var row = await Journal.ReadDeliveryAsync(tenant, message.Delivery?.DeliveryId ?? DeliveryIds.Of(conversationId, message.Sequence));
            if (message.Delivery is { } delivery)
            {
                Assert.True(row is not null, $"reply {message.MessageId} has no outbox row; {where}");
                Assert.True(row!.State == delivery.State, $"reply {message.MessageId} is {delivery.State} but its outbox row {row.State}; {where}");
            }
            else
            {
                Assert.True(row is null, $"reply {message.MessageId} waits for approval yet has an outbox row; {where}");
            }
        }
    }

    /// <summary>The open conversation's row is in its team's shard, equal to what the conversation says; a resolved one has none anywhere.</summary>
    private async Task RequireQueueRowAsync(string tenant, ConversationView c, string where)
    {
        var shards = Enumerable.Range(0, new CareGrainOptions().QueueShardsPerTeam);
        foreach (var team in new[] { "first-line", "second-line" })
        {
            foreach (var shard in shards)
            {
                var rows = await Journal.ReadQueueShardAsync(tenant, team, shard, null, 10_000, QueueFilter.All);
                var row = rows.SingleOrDefault(r => r.ConversationId == c.ConversationId);
                var expected = c.Status != ConversationStatus.Resolved && team == c.TeamId && shard == QueueSharding.ShardOf(c.ConversationId, shards.Count())
                    ? c.Queue
                    : null;
                Assert.True(row == expected, string.Create(CultureInfo.InvariantCulture, $"queue row of {team}/{shard} is {row?.ToString() ?? "none"}, the conversation says {expected?.ToString() ?? "none"}; {where}"));
            }
        }
    }
}
