using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace SocialCare.Cli;

/// <summary>The audit trail: read it, archive it, prove it is whole.</summary>
internal static class AuditCommands
{
    public static Command Audit(Option<string> tenant) =>
        new("audit", "A tenant's audit trail (auditors and admins).") { List(tenant), Export(tenant), Verify(tenant) };

    private static Command List(Option<string> tenant)
    {
        var conversation = new Option<string?>("--conversation") { Description = "Only entries about this conversation id." };
        var actor = new Option<string?>("--actor") { Description = "Only entries by (or acted for) this agent or key:{id}." };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. conversation.replied or access.denied." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only entries at or after this time (ISO 8601)." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Entries oldest first, one per line.") { conversation, actor, action, since, limit };
        command.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            var request = new Wire.ListAuditEntriesRequest
            {
                Parent = $"tenants/{r.GetValue(tenant)}",
                ConversationId = r.GetValue(conversation) ?? "",
                Actor = r.GetValue(actor) ?? "",
                Action = r.GetValue(action) ?? "",
                StartTime = r.GetValue(since) is { } start ? Timestamp.FromDateTimeOffset(start) : null,
                PageSize = Math.Clamp(r.GetValue(limit), 1, 500),
            };
            var printed = 0;
            do
            {
                var page = await client.Audit.ListAuditEntriesAsync(request, cancellationToken: ct);
                foreach (var entry in page.Entries.Take(r.GetValue(limit) - printed))
                {
                    var by = entry.ActedBy.Length == 0 ? entry.Actor : $"{entry.Actor} (by {entry.ActedBy})";
                    var outcome = entry.Outcome == Wire.AuditOutcome.Denied ? " DENIED" : "";
                    Console.WriteLine($"{entry.Position,6}  {entry.Time.ToDateTimeOffset():u}  {by} [{entry.Role}, {entry.Location}]  {entry.Action}{outcome}  {entry.Target}  {entry.Detail}");
                    printed++;
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && printed < r.GetValue(limit));
        });
        return command;
    }

    private static Command Export(Option<string> tenant)
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the JSON lines here (default: standard output)." };
        var after = new Option<string?>("--resume") { Description = "Continue an archive: the resume token the last export printed." };
        var command = new Command("export", "The trail as JSON lines, one entry per line, for an archive.") { output, after };
        command.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            using var call = client.Audit.ExportAuditTrail(new Wire.ExportAuditTrailRequest { Parent = $"tenants/{r.GetValue(tenant)}", ResumeToken = r.GetValue(after) ?? "" }, cancellationToken: ct);
            var file = r.GetValue(output);
            await using var target = file is null ? Console.OpenStandardOutput() : file.Create();
            long entries = 0;
            var last = r.GetValue(after) ?? "";
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
            {
                chunk.JsonLines.WriteTo(target);
                entries += chunk.EntryCount;
                last = chunk.ResumeToken;
            }

            await Console.Error.WriteLineAsync($"exported {entries} entries; to continue later: --resume {last}");
        });
        return command;
    }

    private static Command Verify(Option<string> tenant)
    {
        var anchor = new Option<string?>("--anchor") { Description = "The anchor an earlier verify printed (LANE:SEQUENCE:HASH,...); the trail must still hold it." };
        var command = new Command("verify", "Recompute the tenant's hash chains and report the first broken link (exit 1 if broken).") { anchor };
        command.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            var request = new Wire.VerifyAuditTrailRequest { Parent = $"tenants/{r.GetValue(tenant)}" };
            foreach (var head in (r.GetValue(anchor) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = head.Split(':');
                if (parts.Length != 3
                    || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var lane)
                    || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                {
                    throw new ArgumentException($"--anchor: \"{head}\" is not LANE:SEQUENCE:HASH.");
                }

                request.Anchor.Add(new Wire.AuditLaneHead { Lane = lane, Sequence = sequence, Hash = parts[2] });
            }

            var result = await client.Audit.VerifyAuditTrailAsync(request, cancellationToken: ct);
            if (result.Intact)
            {
                Console.WriteLine($"intact: {result.EntriesChecked} entries checked");
                Console.WriteLine($"anchor for next time: {string.Join(',', result.Heads.Select(h => $"{h.Lane}:{h.Sequence}:{h.Hash}"))}");
                return 0;
            }

            Console.WriteLine($"BROKEN at entry {result.BrokenSequence} of lane {result.BrokenLane}: {result.Reason}");
            Console.WriteLine($"{result.EntriesChecked} entries checked before it.");
            return 1;
        });
        return command;
    }
}
