using System.Collections.Generic;
using System.Text.Json;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// Collects what a reader made of a request's events. Each event is read on its own
/// (<see cref="Read"/>): one the reader cannot make sense of is skipped as
/// <see cref="WebhookSkips.Unreadable"/> and leaves nothing half-read behind, so a single odd
/// event never costs the batch's other events (the network would resend the whole batch, and the
/// good events in it would never be stored).
/// </summary>
internal sealed class WebhookBatchBuilder
{
    private readonly List<InboundPost> _posts = [];
    private readonly List<DeliveryConfirmation> _confirmations = [];
    private readonly List<InboundChange> _changes = [];
    private readonly Dictionary<string, int> _skips = new(StringComparer.Ordinal);

    public void Add(InboundPost post) => _posts.Add(post);

    public void Confirm(DeliveryConfirmation confirmation) => _confirmations.Add(confirmation);

    public void Change(InboundChange change) => _changes.Add(change);

    public void Skip(string reason, int count = 1)
    {
        if (count > 0)
        {
            _skips[reason] = _skips.GetValueOrDefault(reason) + count;
        }
    }

    /// <summary>Reads one event with <paramref name="read"/>; what it adds counts only if the whole event was read.</summary>
    public void Read(JsonElement @event, Action<JsonElement, WebhookBatchBuilder> read)
    {
        if (@event.ValueKind != JsonValueKind.Object)
        {
            Skip(WebhookSkips.Unreadable);
            return;
        }

        var scratch = new WebhookBatchBuilder();
        try
        {
            read(@event, scratch);
        }
        catch (Exception odd) when (odd is InvalidOperationException or FormatException or ArgumentException or OverflowException or KeyNotFoundException)
        {
            // The readers read leniently already (Json's accessors); this is the guarantee that a
            // shape nobody foresaw still costs only its own event.
            Skip(WebhookSkips.Unreadable);
            return;
        }

        _posts.AddRange(scratch._posts);
        _confirmations.AddRange(scratch._confirmations);
        _changes.AddRange(scratch._changes);
        foreach (var (reason, count) in scratch._skips)
        {
            Skip(reason, count);
        }
    }

    public WebhookBatch Build() => new(_posts, _skips.Values.Sum()) { Confirmations = _confirmations, Skips = _skips, Changes = _changes };
}
