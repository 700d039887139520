using SocialCare.Domain.Conversations;
using SocialCare.Grains.Journal;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>
/// "Stored once" is the journal's rule, not only the recent window's: a customer message's
/// network key (tenant, channel, brand account, network id) is stored at one place, and a write
/// that would store it anywhere else is refused whole, saying where it is. Both profiles.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NetworkMessageKeyTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Journals => OpenJournal.Kinds;

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_write_storing_a_known_network_message_elsewhere_is_refused_whole_and_names_where_it_is(string kind)
    {
        await using var open = await OpenJournal.OpenAsync(postgres, kind);
        var journal = open.Journal;
        var key = new NetworkMessageKey("brand", Channel.Instagram, "care-account", "mid.1");
        await journal.RecordAsync(Write("brand/first", 1, key, version: 0));

        var intoAnother = await Assert.ThrowsAsync<NetworkMessageStoredException>(() => journal.RecordAsync(Write("brand/second", 1, key, version: 0)));
        var laterInTheSame = await Assert.ThrowsAsync<NetworkMessageStoredException>(() => journal.RecordAsync(Write("brand/first", 2, key, version: 1)));

        Assert.Equal(("brand/first", 1), (intoAnother.ConversationKey, intoAnother.Sequence));
        Assert.Equal(key, intoAnother.Key);
        Assert.Equal(("brand/first", 1), (laterInTheSame.ConversationKey, laterInTheSame.Sequence));
        // Nothing of either refused write is stored: no state, no message row, no version step.
        Assert.Null(await journal.LoadConversationAsync("brand/second"));
        Assert.Empty(await journal.ReadMessagesAsync("brand/second", 0, 10, 10));
        Assert.Equal(1, (await journal.LoadConversationAsync("brand/first"))!.Version);
        Assert.Equal(["mid.1"], (await journal.ReadMessagesAsync("brand/first", 0, 10, 10)).Select(m => m.NetworkMessageId));
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task The_same_network_id_from_another_tenant_channel_or_brand_account_is_another_message(string kind)
    {
        await using var open = await OpenJournal.OpenAsync(postgres, kind);
        var key = new NetworkMessageKey("brand", Channel.X, "brand-care", "1234");
        NetworkMessageKey[] others = [key with { TenantId = "other-brand" }, key with { Channel = Channel.Facebook }, key with { AccountId = "brand-sales" }];
        await open.Journal.RecordAsync(Write("brand/first", 1, key, version: 0));

        for (var i = 0; i < others.Length; i++)
        {
            await open.Journal.RecordAsync(Write($"brand/other-{i}", 1, others[i], version: 0));
        }

        for (var i = 0; i < others.Length; i++)
        {
            Assert.Single(await open.Journal.ReadMessagesAsync($"brand/other-{i}", 0, 10, 10));
        }
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_redelivery_written_beside_other_changes_fails_alone(string kind)
    {
        await using var open = await OpenJournal.OpenAsync(postgres, kind);
        var journal = open.Journal;
        var known = new NetworkMessageKey("brand", Channel.WhatsApp, "+15550100", "wamid.known");
        await journal.RecordAsync(Write("brand/known", 1, known, version: 0));

        // Sent at once so that PostgreSQL's group commit can put them in one transaction, which
        // the refused write must not take down with it.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                await journal.RecordAsync(i == 17
                    ? Write("brand/redelivered", 1, known, version: 0)
                    : Write($"brand/new-{i}", 1, known with { NetworkMessageId = $"wamid.{i}" }, version: 0));
                return null;
            }
            catch (NetworkMessageStoredException refused)
            {
                return refused;
            }
        }));

        var refused = Assert.Single(outcomes, o => o is not null);
        Assert.Equal("brand/known", refused!.ConversationKey);
        Assert.Same(refused, outcomes[17]);
        foreach (var i in Enumerable.Range(0, 40).Where(i => i != 17))
        {
            Assert.Equal(1, (await journal.LoadConversationAsync($"brand/new-{i}"))!.Version);
        }
    }

    /// <summary>A conversation's change that stores one customer message.</summary>
    private static JournalWrite Write(string conversationKey, int sequence, NetworkMessageKey key, long version)
    {
        var message = new ConversationMessage(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), MessageKind.Customer, Visibility.Private, "Where is my bag?", At, At)
        {
            NetworkMessageId = key.NetworkMessageId,
        };
        return new JournalWrite(conversationKey, [message], null, new ConversationSnapshot([1, 2, 3], version), Received: [new ReceivedMessage(key, sequence)]);
    }
}
