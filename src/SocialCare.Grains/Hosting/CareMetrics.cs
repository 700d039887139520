using System.Diagnostics.Metrics;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Sla;

namespace SocialCare.Grains.Hosting;

/// <summary>The care desk's counters, on the "SocialCare" meter so OpenTelemetry can export them.</summary>
public sealed class CareMetrics
{
    public const string MeterName = "SocialCare";

    private readonly Counter<long> _mentions;
    private readonly Counter<long> _replies;
    private readonly Counter<long> _breaches;
    private readonly Counter<long> _resolved;
    private readonly Counter<long> _deliveryReports;

    public CareMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _mentions = meter.CreateCounter<long>("socialcare.mentions.ingested", "{mention}", "Mentions ingested, by channel and outcome.");
        _replies = meter.CreateCounter<long>("socialcare.replies.posted", "{reply}", "Agent replies posted.");
        _breaches = meter.CreateCounter<long>("socialcare.sla.breaches", "{breach}", "SLA breaches detected, by clock.");
        _resolved = meter.CreateCounter<long>("socialcare.conversations.resolved", "{conversation}", "Conversations resolved.");
        _deliveryReports = meter.CreateCounter<long>("socialcare.deliveries.reports", "{report}", "Senders' reports on reply deliveries, by channel, outcome and the state they left.");
    }

    public void MentionIngested(Channel channel, string outcome) =>
        _mentions.Add(1, new KeyValuePair<string, object?>("channel", channel.ToString()), new KeyValuePair<string, object?>("outcome", outcome));

    public void ReplyPosted(Channel channel, Visibility visibility) =>
        _replies.Add(1, new KeyValuePair<string, object?>("channel", channel.ToString()), new KeyValuePair<string, object?>("visibility", visibility.ToString()));

    public void Breached(SlaClockKind kind) => _breaches.Add(1, new KeyValuePair<string, object?>("clock", kind.ToString()));

    public void Resolved() => _resolved.Add(1);

    public void DeliveryReported(Channel channel, DeliveryOutcome outcome, DeliveryState state) =>
        _deliveryReports.Add(
            1,
            new KeyValuePair<string, object?>("channel", channel.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome.ToString()),
            new KeyValuePair<string, object?>("state", state.ToString()));
}
