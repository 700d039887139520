using SocialCare.Testing.Networks;
using System.Diagnostics.Metrics;
using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SlaTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_first_response_breach_fires_on_the_care_clock_raises_priority_and_reaches_watchers()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var receipt = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "Terrible service, my bag is lost"));
        Assert.Equal(Priority.High, receipt.Triage.Priority);
        var conversation = Grains.Conversation(tenant, receipt.ConversationId);
        var opened = await conversation.GetAsync();
        var due = opened.SlaClocks.Single(c => c.Kind == SlaClockKind.FirstResponse).DueAt;

        var watcher = new RecordingObserver();
        var observer = Grains.CreateObjectReference<IQueueObserver>(watcher);
        var shards = await Grains.GetGrain<IQueueReaderGrain>(0).ShardKeysAsync(new QueueScope(tenant, "first-line"));
        foreach (var shard in shards)
        {
            await Grains.GetGrain<IQueueShardGrain>(shard).SubscribeAsync(observer);
        }

        ClusterFixture.Clock.SetUtcNow(due + TimeSpan.FromSeconds(1));

        var breached = await Eventually.Get(conversation.GetAsync, c => c.Breaches.Count > 0, "the first-response breach");
        var breach = Assert.Single(breached.Breaches);
        Assert.Equal(SlaClockKind.FirstResponse, breach.Kind);
        Assert.Equal(due, breach.DueAt);
        Assert.Equal(Priority.Urgent, breached.Priority);

        var change = await watcher.WaitForAsync(c => c.Reason == QueueChangeReason.SlaBreached && c.Item.ConversationId == receipt.ConversationId);
        Assert.True(change.Item.SlaBreached);
        Assert.Equal(Priority.Urgent, change.Item.Priority);

        var reply = await conversation.ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "Sorry for the wait!", Visibility.Private, null, null));
        Assert.Equal(Priority.High, reply.View.Priority);
        var firstResponse = reply.View.SlaClocks.Single(c => c.Kind == SlaClockKind.FirstResponse);
        Assert.Equal(SlaClockState.Breached, firstResponse.State);
        Assert.NotNull(firstResponse.StoppedAt);
    }

    [Fact]
    public async Task A_reply_before_the_deadline_means_no_breach()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var receipt = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "My order is late, unacceptable"));
        var conversation = Grains.Conversation(tenant, receipt.ConversationId);
        await conversation.ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "Checking now.", Visibility.Public, null, null));
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(20));
        await conversation.CheckSlaAsync();
        var state = await conversation.GetAsync();
        Assert.Empty(state.Breaches);
        Assert.Equal(SlaClockState.Met, state.SlaClocks.Single(c => c.Kind == SlaClockKind.FirstResponse).State);
    }

    [Fact]
    public async Task A_conversation_near_its_deadline_counts_at_risk_until_it_is_answered()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        using var gauge = new AtRiskGauge(tenant);
        var receipt = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "Terrible service, my bag is lost"));
        var conversation = Grains.Conversation(tenant, receipt.ConversationId);
        var opened = await conversation.GetAsync();
        var due = opened.SlaClocks.Single(c => c.Kind == SlaClockKind.FirstResponse).DueAt;
        Assert.True(due - ClusterFixture.Clock.GetUtcNow() > TimeSpan.FromMinutes(10), "the complaint's first-response target leaves more than the 10-minute warning window");
        await Eventually.Get(() => Task.FromResult(gauge.Read()), n => n == 0, "the shard to report its team with nothing at risk");

        ClusterFixture.Clock.SetUtcNow(due - TimeSpan.FromMinutes(5));
        await Eventually.Get(() => Task.FromResult(gauge.Read()), n => n == 1, "the complaint five minutes from its deadline to count at risk");

        await conversation.ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "On it now.", Visibility.Public, null, null));
        await Eventually.Get(() => Task.FromResult(gauge.Read()), n => n == 0, "the answered complaint to leave the at-risk count");
    }

    /// <summary>Reads the silo's <c>socialcare.sla.at_risk</c> gauge for one tenant, as an exporter would.</summary>
    private sealed class AtRiskGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _tenant;
        private int? _last;

        public AtRiskGauge(string tenant)
        {
            _tenant = tenant;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Hosting.CareMetrics.MeterName && instrument.Name == "socialcare.sla.at_risk")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "tenant" && (string?)tag.Value == _tenant)
                    {
                        _last = (_last ?? 0) + value;
                    }
                }
            });
            _listener.Start();
        }

        /// <summary>The gauge's value for the tenant now, or -1 while no shard of it reports.</summary>
        public int Read()
        {
            _last = null;
            _listener.RecordObservableInstruments();
            return _last ?? -1;
        }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class RecordingObserver : IQueueObserver
    {
        private readonly List<QueueChange> _changes = [];
        private readonly SemaphoreSlim _signal = new(0);

        public Task OnQueueChangedAsync(QueueChange change)
        {
            lock (_changes)
            {
                _changes.Add(change);
            }

            _signal.Release();
            return Task.CompletedTask;
        }

        public async Task<QueueChange> WaitForAsync(Func<QueueChange, bool> match)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (true)
            {
                lock (_changes)
                {
                    if (_changes.FirstOrDefault(match) is { } found)
                    {
                        return found;
                    }
                }

                await _signal.WaitAsync(timeout.Token);
            }
        }
    }
}
