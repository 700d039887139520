using System.Globalization;
using System.Text;
using Grpc.Core;
using SocialCare.Api.Common;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Errors;
using SocialCare.Grains;
using SocialCare.Grains.Audit;

namespace SocialCare.Api.Audit;

/// <summary>
/// Lists, exports and verifies a tenant's trail by reading its chain a page at a time from the
/// tenant's <see cref="IAuditTrailGrain"/>: no call holds more than a page, however long the trail.
/// </summary>
public sealed class AuditGrpcService(IGrainFactory grains) : Wire.AuditService.AuditServiceBase
{
    private const int DefaultPageSize = 100;

    /// <summary>Entries read from storage per step of an export or a verification.</summary>
    private const int ChainPage = 1_000;

    public override async Task<Wire.ListAuditEntriesResponse> ListAuditEntries(Wire.ListAuditEntriesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var pageSize = Paging.PageSize(request.PageSize, DefaultPageSize);
        long after = 0;
        // The token is the sequence of the last entry returned: entries are numbered in order and
        // never renumbered, so it stays valid however the trail grows.
        if (request.PageToken.Length > 0 && !long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw CareException.Invalid("page_token", "is not a token from a previous ListAuditEntries response.");
        }

        var filter = new AuditFilter(
            Optional(request.ConversationId),
            Optional(request.Actor),
            Optional(request.Action),
            request.StartTime?.ToDomain("start_time"),
            request.EndTime?.ToDomain("end_time"));
        var entries = await Trail(tenantId).ReadAsync(filter, after, pageSize + 1);
        var response = new Wire.ListAuditEntriesResponse();
        response.Entries.AddRange(entries.Take(pageSize).Select(e => e.ToProto()));
        if (entries.Count > pageSize)
        {
            response.NextPageToken = entries[pageSize - 1].Sequence.ToString(CultureInfo.InvariantCulture);
        }

        return response;
    }

    public override async Task ExportAuditTrail(Wire.ExportAuditTrailRequest request, IServerStreamWriter<Wire.ExportAuditTrailResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        if (request.AfterSequence < 0)
        {
            throw CareException.Invalid("after_sequence", $"must be 0 or more; got {request.AfterSequence}.");
        }

        var filter = new AuditFilter(From: request.StartTime?.ToDomain("start_time"), Until: request.EndTime?.ToDomain("end_time"));
        var after = request.AfterSequence;
        var lines = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var page = await Trail(tenantId).ReadAsync(filter, after, ChainPage);
            if (page.Count == 0)
            {
                break;
            }

            lines.GetStringBuilder().Clear();
            foreach (var entry in page)
            {
                entry.WriteJsonLine(lines);
            }

            after = page[^1].Sequence;
            await responseStream.WriteAsync(new Wire.ExportAuditTrailResponse
            {
                JsonLines = Google.Protobuf.ByteString.CopyFrom(lines.ToString(), Encoding.UTF8),
                EntryCount = page.Count,
                LastSequence = after,
            });
            if (page.Count < ChainPage)
            {
                break;
            }
        }
    }

    public override async Task<Wire.VerifyAuditTrailResponse> VerifyAuditTrail(Wire.VerifyAuditTrailRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var start = await Trail(tenantId).ReadStartAsync();
        var verifier = new AuditVerifier(request.AnchorSequence, Anchor(request), start);
        if (verifier.AnchorRemoved)
        {
            throw new CareException(
                CareErrorKind.FailedPrecondition,
                $"anchor_sequence: entry {request.AnchorSequence} was removed by retention (the trail starts after entry {start.Sequence}); verify with a newer anchor.",
                "anchor_sequence");
        }

        var after = start.Sequence;
        while (verifier.Break is null)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var page = await Trail(tenantId).ReadAsync(AuditFilter.Everything, after, ChainPage);
            foreach (var entry in page)
            {
                if (!verifier.Check(entry))
                {
                    break;
                }
            }

            if (page.Count < ChainPage)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        var broken = verifier.Finish();
        return new Wire.VerifyAuditTrailResponse
        {
            Intact = broken is null,
            EntriesChecked = verifier.Checked,
            FirstBrokenSequence = broken?.Sequence ?? 0,
            Reason = broken?.Reason ?? "",
            HeadSequence = verifier.HeadSequence,
            HeadHash = Convert.ToHexStringLower(verifier.HeadHash),
        };
    }

    private static byte[]? Anchor(Wire.VerifyAuditTrailRequest request)
    {
        if (request.AnchorSequence < 0)
        {
            throw CareException.Invalid("anchor_sequence", $"must be 0 (no anchor) or a sequence; got {request.AnchorSequence}.");
        }

        if (request.AnchorSequence == 0)
        {
            return request.AnchorHash.Length == 0 ? null : throw CareException.Invalid("anchor_hash", "is given without anchor_sequence.");
        }

        try
        {
            var hash = Convert.FromHexString(request.AnchorHash);
            return hash.Length == AuditChain.HashLength ? hash : throw CareException.Invalid("anchor_hash", $"must be {AuditChain.HashLength * 2} hex digits; got {request.AnchorHash.Length}.");
        }
        catch (FormatException)
        {
            throw CareException.Invalid("anchor_hash", "is not hexadecimal.");
        }
    }

    private IAuditTrailGrain Trail(string tenantId) => grains.GetCareGrain<IAuditTrailGrain>(tenantId);

    private static string? Optional(string value) => value.Length == 0 ? null : value;
}
