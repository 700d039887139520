using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Api.Limits;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Conversations;

namespace SocialCare.Api.Ingest;

public sealed class IngestGrpcService(IGrainFactory grains, CareRateLimiter limiter, MemoryAdmission admission, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : Wire.IngestService.IngestServiceBase
{
    /// <summary>Mentions of one stream processed at once; more wait, which pushes back on the sender.</summary>
    public const int MaxInFlightPerStream = 64;

    /// <summary>Completed per-author chains are pruned once this many are tracked.</summary>
    private const int PruneThreshold = 4096;

    public override Task<Wire.IngestMentionResponse> IngestMention(Wire.IngestMentionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        // The access gate has already checked the tenant; what is refused here is never stored.
        limiter.Spend(RateBudget.Ingest, context.Caller(), IngestAccess.TenantOf(request.Mention).TenantId);
        admission.Admit();
        return IngestAsync(request.Mention);
    }

    public override async Task<Wire.GetTrackingRulesResponse> GetTrackingRules(Wire.GetTrackingRulesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("name", request.Name);
        var settings = await grains.GetCareGrain<Grains.Abstractions.Tenants.ITenantGrain>(tenantId).GetAsync()
            ?? throw CareException.NotFound($"Tenant {Echo.Quote(tenantId)}", "name");
        return new Wire.GetTrackingRulesResponse { Tracking = Tenants.TenantMapping.ToProto(settings.Tracking), TenantVersion = settings.Version };
    }

    /// <summary>
    /// Mentions are processed concurrently, up to <see cref="MaxInFlightPerStream"/>, but each
    /// author's mentions are chained so they are stored in the order sent. When the silo starts
    /// shutting down, the stream stops reading, answers every mention it took, and ends with
    /// UNAVAILABLE, so the connector reconnects to another silo at once: a stream nobody ended
    /// would hold the shutdown until its timeout. A stream opened on a stopping silo is refused.
    /// </summary>
    public override async Task IngestMentions(
        IAsyncStreamReader<Wire.IngestMentionsRequest> requestStream,
        IServerStreamWriter<Wire.IngestMentionsResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var slots = new SemaphoreSlim(MaxInFlightPerStream);
        using var writeLock = new SemaphoreSlim(1, 1);
        var chains = new Dictionary<string, Task>(StringComparer.Ordinal);
        var cancellation = context.CancellationToken;
        var caller = context.Caller();
        var stopping = lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested)
        {
            throw ShuttingDown();
        }

        // Reading stops when the client goes or the silo starts stopping; answering what was
        // read stops only when the client goes.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stopping);
        try
        {
            await foreach (var request in requestStream.ReadAllAsync(reading.Token))
            {
                await slots.WaitAsync(reading.Token);
                var orderKey = OrderKey(request);
                chains.TryGetValue(orderKey, out var previous);
                chains[orderKey] = ProcessAsync(request, previous);
                if (chains.Count > PruneThreshold)
                {
                    foreach (var done in chains.Where(c => c.Value.IsCompleted).Select(c => c.Key).ToList())
                    {
                        chains.Remove(done);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            await Task.WhenAll(chains.Values);
            throw ShuttingDown();
        }
        finally
        {
            // Also when the stream breaks (an unreadable message, a reset): mentions already
            // taken are stored and answered before the call ends, so none is left unacknowledged.
            await Task.WhenAll(chains.Values);
        }

        async Task ProcessAsync(Wire.IngestMentionsRequest request, Task? previous)
        {
            try
            {
                if (previous is not null)
                {
                    await previous;
                }

                var response = new Wire.IngestMentionsResponse { CorrelationId = request.CorrelationId };
                try
                {
                    RequestGuard.Check(request);
                    if (string.IsNullOrEmpty(request.CorrelationId))
                    {
                        throw CareException.Invalid("correlation_id", "is required so the response can be matched to its request.");
                    }

                    FieldRules.OptionalId("correlation_id", request.CorrelationId);
                    var (tenantId, field) = IngestAccess.TenantOf(request.Mention);
                    caller.RequireTenant(tenantId, field);
                    limiter.Spend(RateBudget.Ingest, caller, tenantId);
                    admission.Admit();

                    response.Accepted = await IngestAsync(request.Mention);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
                {
                    var (status, field, _) = CareStatus.From(ex);
                    response.Rejected = new Wire.IngestRejection
                    {
                        Code = (int)status.StatusCode,
                        Status = StatusName(status.StatusCode),
                        Message = status.Detail,
                        Field = field ?? "",
                        RetryAfter = CareException.RetryAfter(ex) is { } wait ? Duration.FromTimeSpan(wait) : null,
                    };
                }

                await writeLock.WaitAsync(cancellation);
                try
                {
                    await responseStream.WriteAsync(response, cancellation);
                }
                finally
                {
                    writeLock.Release();
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // The client went away; what was stored stays stored, and a retry is answered as a duplicate.
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static RpcException ShuttingDown() => new(new Status(
        StatusCode.Unavailable,
        "This silo is shutting down: every mention answered on this stream is stored; reconnect to another endpoint and send the rest."));

    private async Task<Wire.IngestMentionResponse> IngestAsync(Wire.Mention? proto)
    {
        var mention = proto.ToDomain();
        var receipt = await grains
            .GetCareGrain<IAuthorGrain>(GrainKeys.AuthorOf(mention))
            .IngestAsync(mention);
        return new Wire.IngestMentionResponse
        {
            Conversation = ResourceNames.Conversation(mention.TenantId, receipt.ConversationId),
            Duplicate = receipt.Duplicate,
            NewConversation = receipt.NewConversation,
            Reopened = receipt.Reopened,
            Triage = Conversations.ConversationMapping.ToProto(receipt.Triage),
            MessageId = receipt.MessageId,
            Customer = ResourceNames.Customer(mention.TenantId, receipt.CustomerId),
        };
    }

    /// <summary>Mentions of one author share a key; a mention too malformed to name its author orders by itself.</summary>
    private static string OrderKey(Wire.IngestMentionsRequest request) =>
        request.Mention is { Author: { } author } mention
            ? $"{mention.TenantId}/{(int)mention.Channel}/{author.NetworkUserId}"
            : $"?{request.CorrelationId}";

    // google.rpc.Code's names: the enum's words in upper snake case (ResourceExhausted -> RESOURCE_EXHAUSTED).
    private static string StatusName(StatusCode code) =>
        NameOf(code.ToString());

    private static string NameOf(string words) =>
        string.Concat(words.Select((c, i) => i > 0 && char.IsUpper(c) && char.IsLower(words[i - 1]) ? $"_{c}" : c.ToString())).ToUpperInvariant();
}
