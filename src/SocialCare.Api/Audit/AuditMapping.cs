using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SocialCare.Domain.Audit;

namespace SocialCare.Api.Audit;

internal static class AuditMapping
{
    /// <summary>Every field, defaults included, under the proto's own names: an archive reads the same whatever a field holds.</summary>
    private static readonly JsonFormatter Lines = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));

    public static Wire.AuditEntry ToProto(this AuditedEntry stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var entry = stored.Entry;
        return new Wire.AuditEntry
        {
            Position = stored.Position,
            Lane = stored.Lane,
            LaneSequence = stored.Sequence,
            Time = Timestamp.FromDateTimeOffset(entry.At),
            Actor = entry.Actor,
            ActedBy = entry.ActedBy ?? "",
            Role = entry.Role,
            Location = entry.Location,
            Action = entry.Action,
            Target = entry.Target,
            ConversationId = entry.ConversationId ?? "",
            RequestId = entry.RequestId,
            Outcome = entry.Outcome switch
            {
                AuditOutcome.Succeeded => Wire.AuditOutcome.Succeeded,
                AuditOutcome.Denied => Wire.AuditOutcome.Denied,
                _ => Wire.AuditOutcome.Unspecified,
            },
            Detail = entry.Detail,
            PreviousHash = Convert.ToHexStringLower(stored.PreviousHash),
            Hash = Convert.ToHexStringLower(stored.Hash),
        };
    }

    public static Wire.AuditLaneHead ToProto(this AuditLaneHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return new Wire.AuditLaneHead { Lane = head.Lane, Sequence = head.Sequence, Hash = Convert.ToHexStringLower(head.Hash) };
    }

    public static void WriteJsonLine(this AuditedEntry stored, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Lines.Format(stored.ToProto(), writer);
        writer.Write('\n');
    }
}
