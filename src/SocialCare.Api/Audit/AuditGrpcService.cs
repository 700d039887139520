using System.Globalization;
using System.Text;
using Grpc.Core;
using SocialCare.Api.Common;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Audit;

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
        // The token is a cursor: the last sequence read in each lane, so it stays valid however
        // the trail grows, and an entry that committed late is still found.
        if (!AuditCursor.TryParse(request.PageToken, out var after))
        {
            throw CareException.Invalid("page_token", "is not a token from a previous ListAuditEntries response.");
        }

        var filter = new AuditFilter(
            ProtoFields.NullIfEmpty(request.ConversationId),
            ProtoFields.NullIfEmpty(request.Actor),
            ProtoFields.NullIfEmpty(request.Action),
            request.StartTime?.ToDomain("start_time"),
            request.EndTime?.ToDomain("end_time"));
        var entries = await Trail(tenantId).ReadAsync(filter, after, pageSize + 1);
        var response = new Wire.ListAuditEntriesResponse();
        response.Entries.AddRange(entries.Take(pageSize).Select(e => e.ToProto()));
        if (entries.Count > pageSize)
        {
            response.NextPageToken = after.Past(entries.Take(pageSize)).ToToken();
        }

        return response;
    }

    public override async Task ExportAuditTrail(Wire.ExportAuditTrailRequest request, IServerStreamWriter<Wire.ExportAuditTrailResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        if (!AuditCursor.TryParse(request.ResumeToken, out var after))
        {
            throw CareException.Invalid("resume_token", "is not a token from a previous ExportAuditTrail response.");
        }

        var filter = new AuditFilter(From: request.StartTime?.ToDomain("start_time"), Until: request.EndTime?.ToDomain("end_time"));
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

            after = after.Past(page);
            await responseStream.WriteAsync(new Wire.ExportAuditTrailResponse
            {
                JsonLines = Google.Protobuf.ByteString.CopyFrom(lines.ToString(), Encoding.UTF8),
                EntryCount = page.Count,
                ResumeToken = after.ToToken(),
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
        var anchor = Anchor(request);
        var trail = Trail(tenantId);
        var starts = await trail.ReadLanesAsync();
        var verifier = new AuditVerifier(starts, anchor);
        if (verifier.AnchorRemoved)
        {
            throw new CareException(
                CareErrorKind.FailedPrecondition,
                $"anchor: it names entries retention has removed (lanes start after {string.Join(", ", starts.Select(s => $"{s.Lane}:{s.Sequence}"))}); verify with a newer anchor.",
                "anchor");
        }

        // Lane by lane, a page at a time.
        foreach (var start in starts)
        {
            var after = start.Sequence;
            while (verifier.Break is null)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var page = await trail.ReadLaneAsync(start.Lane, after, ChainPage);
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
        }

        var broken = verifier.Finish();
        var response = new Wire.VerifyAuditTrailResponse
        {
            Intact = broken is null,
            EntriesChecked = verifier.Checked,
            BrokenLane = broken?.Lane ?? 0,
            BrokenSequence = broken?.Sequence ?? 0,
            Reason = broken?.Reason ?? "",
        };
        response.Heads.AddRange(verifier.Heads.Select(h => h.ToProto()));
        return response;
    }

    private static List<AuditLaneHead> Anchor(Wire.VerifyAuditTrailRequest request)
    {
        var anchor = new List<AuditLaneHead>();
        foreach (var (head, index) in request.Anchor.Select((h, i) => (h, i)))
        {
            var field = $"anchor[{index}]";
            if (head.Lane < 0 || head.Sequence < 0)
            {
                throw CareException.Invalid(field, $"lane and sequence must be 0 or more; got {head.Lane}:{head.Sequence}.");
            }

            if (anchor.Exists(a => a.Lane == head.Lane))
            {
                throw CareException.Invalid(field, $"names lane {head.Lane} twice.");
            }

            byte[] hash;
            try
            {
                hash = Convert.FromHexString(head.Hash);
            }
            catch (FormatException)
            {
                throw CareException.Invalid($"{field}.hash", "is not hexadecimal.");
            }

            anchor.Add(hash.Length == AuditChain.HashLength
                ? new AuditLaneHead(head.Lane, head.Sequence, hash)
                : throw CareException.Invalid($"{field}.hash", $"must be {AuditChain.HashLength * 2} hex digits; got {head.Hash.Length}."));
        }

        return anchor;
    }

    private IAuditTrailGrain Trail(string tenantId) => grains.GetCareGrain<IAuditTrailGrain>(tenantId);
}
