using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using SocialCare.Api.Common;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Guardrails;
using SocialCare.Domain.SavedReplies;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Tenants;

namespace SocialCare.Api.Tenants;

/// <summary>
/// Maps tenants both ways. Unset parts take the starter defaults, so a tenant can be created
/// with only an id: the starter teams, the default SLA policy, a 24/7 calendar, and reopening
/// within 24 hours.
/// </summary>
public static class TenantMapping
{
    public static TenantSettings ToDomain(this Wire.Tenant? tenant)
    {
        if (tenant is null)
        {
            throw CareException.Invalid("tenant", "is required.");
        }

        Identifiers.RequireSlug("tenant.tenant_id", tenant.TenantId);
        var starter = TenantSettings.Starter(tenant.TenantId, tenant.DisplayName);
        var teams = tenant.Teams.Count == 0
            ? starter.Teams
            : [.. tenant.Teams.Select(t => new Team(t.TeamId, string.IsNullOrEmpty(t.DisplayName) ? t.TeamId : t.DisplayName, t.Tier.ToDomain()))];
        var accounts = tenant.ChannelAccounts
            .Select((a, i) => new ChannelAccount(a.Channel.ToDomain($"tenant.channel_accounts[{i}].channel"), a.AccountId, a.Handle, a.Purpose.ToDomain()))
            .ToList();
        return new TenantSettings(
            tenant.TenantId,
            string.IsNullOrEmpty(tenant.DisplayName) ? tenant.TenantId : tenant.DisplayName,
            accounts,
            teams,
            tenant.Teams.Count == 0 && tenant.DefaultTeamId.Length == 0 ? starter.DefaultTeamId : tenant.DefaultTeamId,
            tenant.SlaPolicy is null ? SlaPolicy.Default : ToDomain(tenant.SlaPolicy),
            tenant.Calendar is null ? BusinessCalendar.TwentyFourSeven : ToDomain(tenant.Calendar),
            tenant.ReopenWindow is null ? starter.ReopenWindow : ToTimeSpan("tenant.reopen_window", tenant.ReopenWindow))
        {
            Tracking = tenant.Tracking is null
                ? TrackingRules.None
                : new TrackingRules([.. tenant.Tracking.Keywords], [.. tenant.Tracking.Exclusions], [.. tenant.Tracking.Languages], ProtoFields.NullIfEmpty(tenant.Tracking.TeamId)),
            Guardrails = tenant.Guardrails is null ? GuardrailPolicy.Default : ToDomain(tenant.Guardrails),
            SavedReplies = [.. tenant.SavedReplies.Select(r => r.ToDomain())],
            ReplyVariables = new Dictionary<string, string>(tenant.ReplyVariables, StringComparer.Ordinal),
            Approvals = tenant.Approvals is null ? ApprovalPolicy.None : ToDomain(tenant.Approvals),
            SignatureTemplate = ProtoFields.NullIfEmpty(tenant.SignatureTemplate),
        };
    }

    public static Wire.SavedReplyUsage ToProto(this Grains.Abstractions.SavedReplies.SavedReplyUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new Wire.SavedReplyUsage { SavedReplyId = usage.SavedReplyId, Uses = usage.Uses, LastUseTime = Timestamp.FromDateTimeOffset(usage.LastUsedAt) };
    }

    /// <summary>The client's part of a saved reply; what the server keeps about it (version, history) is output only.</summary>
    public static SavedReply ToDomain(this Wire.SavedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new SavedReply(reply.Id, reply.Title, reply.Text, ProtoFields.NullIfEmpty(reply.TeamId));
    }

    public static Wire.SavedReply ToProto(this SavedReply reply, string tenantId, bool withHistory)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var proto = new Wire.SavedReply
        {
            Name = ResourceNames.SavedReply(tenantId, reply.Id),
            Id = reply.Id,
            Title = reply.Title,
            Text = reply.Text,
            TeamId = reply.TeamId ?? "",
            Version = reply.Version,
            UpdateTime = reply.UpdatedAt == default ? null : Timestamp.FromDateTimeOffset(reply.UpdatedAt),
            UpdatedBy = reply.UpdatedBy ?? "",
        };
        proto.Variables.AddRange(SavedReplyTemplate.Variables(reply.Text));
        if (withHistory)
        {
            proto.History.AddRange(reply.History.Select(v => new Wire.SavedReplyVersion
            {
                Version = v.Version,
                Title = v.Title,
                Text = v.Text,
                TeamId = v.TeamId ?? "",
                UpdateTime = v.UpdatedAt == default ? null : Timestamp.FromDateTimeOffset(v.UpdatedAt),
                UpdatedBy = v.UpdatedBy ?? "",
            }));
        }

        return proto;
    }

    private static ApprovalPolicy ToDomain(Wire.ApprovalPolicy policy) => new(
        policy.InfluenceThreshold,
        [.. policy.Categories.Select((c, i) => c.ToDomain($"tenant.approvals.categories[{i}]"))],
        [.. policy.Teams],
        [.. policy.NewAgents],
        policy.EscalateAfter is null ? ApprovalPolicy.DefaultEscalateAfter : ToTimeSpan("tenant.approvals.escalate_after", policy.EscalateAfter));

    private static Wire.ApprovalPolicy ToProto(ApprovalPolicy policy)
    {
        var proto = new Wire.ApprovalPolicy
        {
            InfluenceThreshold = policy.InfluenceThreshold,
            EscalateAfter = Duration.FromTimeSpan(policy.EscalateAfter),
        };
        proto.Categories.AddRange(policy.Categories.Select(c => c.ToProto()));
        proto.Teams.AddRange(policy.Teams);
        proto.NewAgents.AddRange(policy.NewAgents);
        return proto;
    }

    private static GuardrailPolicy ToDomain(Wire.GuardrailPolicy policy) => new(
        [.. policy.BannedWords],
        [.. policy.ForbiddenPromises.Select((p, i) => new ForbiddenPromise(p.Phrase, ToDomain(p.Action, $"tenant.guardrails.forbidden_promises[{i}].action")))],
        [.. policy.Identifiers.Select(p => new TenantIdentifierPattern(p.Name, p.Pattern))],
        !policy.BlockPersonalDataInPrivate,
        ToDomain(policy.Profanity, "tenant.guardrails.profanity"),
        policy.MaxLinks == 0 ? GuardrailPolicy.Default.MaxLinks : policy.MaxLinks);

    private static GuardrailAction ToDomain(Wire.GuardrailAction action, string field) => action switch
    {
        Wire.GuardrailAction.Unspecified or Wire.GuardrailAction.Block => GuardrailAction.Block,
        Wire.GuardrailAction.Warn => GuardrailAction.Warn,
        Wire.GuardrailAction.Approve => GuardrailAction.Approve,
        _ => throw CareException.Invalid(field, $"must be BLOCK, WARN or APPROVE (got {(int)action})."),
    };

    private static Wire.GuardrailPolicy ToProto(GuardrailPolicy policy)
    {
        var proto = new Wire.GuardrailPolicy
        {
            BlockPersonalDataInPrivate = !policy.PersonalDataInPrivate,
            Profanity = (Wire.GuardrailAction)(int)policy.Profanity,
            MaxLinks = policy.MaxLinks,
        };
        proto.BannedWords.AddRange(policy.BannedWords);
        proto.ForbiddenPromises.AddRange(policy.ForbiddenPromises.Select(p => new Wire.ForbiddenPromise { Phrase = p.Phrase, Action = (Wire.GuardrailAction)(int)p.Action }));
        proto.Identifiers.AddRange(policy.Identifiers.Select(p => new Wire.IdentifierPattern { Name = p.Name, Pattern = p.Pattern }));
        return proto;
    }

    public static Wire.Tenant ToProto(this TenantSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var tenant = new Wire.Tenant
        {
            Name = ResourceNames.Tenant(s.TenantId),
            TenantId = s.TenantId,
            DisplayName = s.DisplayName,
            DefaultTeamId = s.DefaultTeamId,
            SlaPolicy = new Wire.SlaPolicy(),
            Calendar = new Wire.BusinessCalendar
            {
                TimeZone = s.Calendar.TimeZoneId,
                AlwaysOpen = s.Calendar.AlwaysOpen,
            },
            ReopenWindow = Duration.FromTimeSpan(s.ReopenWindow),
            Version = s.Version,
            CreateTime = Timestamp.FromDateTimeOffset(s.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(s.UpdatedAt),
        };
        tenant.ChannelAccounts.AddRange(s.ChannelAccounts.Select(a => new Wire.ChannelAccount
        {
            Channel = a.Channel.ToProto(),
            AccountId = a.AccountId,
            Handle = a.Handle,
            Purpose = a.Purpose.ToProto(),
        }));
        tenant.Guardrails = ToProto(s.Guardrails);
        tenant.Approvals = ToProto(s.Approvals);
        tenant.SignatureTemplate = s.SignatureTemplate ?? "";
        tenant.TriageModels = s.TriageModels.ToProto();
        tenant.SavedReplies.AddRange(s.SavedReplies.Select(r => r.ToProto(s.TenantId, withHistory: false)));
        foreach (var (name, value) in s.ReplyVariables)
        {
            tenant.ReplyVariables[name] = value;
        }
        tenant.Tracking = s.Tracking.ToProto();
        tenant.Teams.AddRange(s.Teams.Select(t => new Wire.Team { TeamId = t.TeamId, DisplayName = t.DisplayName, Tier = t.Tier.ToProto() }));
        tenant.SlaPolicy.Targets.AddRange(s.SlaPolicy.Targets.Select(t => new Wire.SlaTarget
        {
            Priority = t.Priority.ToProto(),
            FirstResponse = Duration.FromTimeSpan(t.FirstResponse),
            NextResponse = Duration.FromTimeSpan(t.NextResponse),
            Resolution = Duration.FromTimeSpan(t.Resolution),
        }));
        tenant.Calendar.WeeklyHours.AddRange(s.Calendar.WeeklyHours.Select(h => new Wire.BusinessHours
        {
            Day = h.Day.ToProto(),
            OpenTime = FormatTime(h.Opens),
            CloseTime = FormatTime(h.Closes),
        }));
        tenant.Calendar.Holidays.AddRange(s.Calendar.Holidays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return tenant;
    }

    private static SlaPolicy ToDomain(Wire.SlaPolicy policy)
    {
        var targets = policy.Targets.Select((t, i) =>
        {
            var field = $"tenant.sla_policy.targets[{i}]";
            return new SlaTarget(
                t.Priority.ToDomain($"{field}.priority"),
                RequireDuration($"{field}.first_response", t.FirstResponse),
                RequireDuration($"{field}.next_response", t.NextResponse),
                RequireDuration($"{field}.resolution", t.Resolution));
        });
        return new SlaPolicy([.. targets]);
    }

    private static BusinessCalendar ToDomain(Wire.BusinessCalendar calendar)
    {
        var hours = calendar.WeeklyHours.Select((h, i) =>
        {
            var field = $"tenant.calendar.weekly_hours[{i}]";
            return new BusinessHours(h.Day.ToDomain($"{field}.day"), ParseTime($"{field}.open_time", h.OpenTime), ParseTime($"{field}.close_time", h.CloseTime));
        });
        var holidays = calendar.Holidays.Select((d, i) =>
            DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw CareException.Invalid($"tenant.calendar.holidays[{i}]", $"{Echo.Quote(d)} is not a date of the form YYYY-MM-DD."));
        var zone = string.IsNullOrEmpty(calendar.TimeZone) && calendar.AlwaysOpen ? "UTC" : calendar.TimeZone;
        return new BusinessCalendar(zone, calendar.AlwaysOpen, [.. hours], [.. holidays]);
    }

    private static TimeSpan RequireDuration(string field, Duration? duration) =>
        duration is null ? throw CareException.Invalid(field, "is required.") : ToTimeSpan(field, duration);

    /// <summary>
    /// A Duration as the protobuf spec defines it: seconds within ±10,000 years, nanos within
    /// ±999,999,999 and of the same sign. Anything else is the client's error, not ours.
    /// </summary>
    private static TimeSpan ToTimeSpan(string field, Duration duration)
    {
        const long MaxSeconds = 315_576_000_000;
        var normalized = duration.Seconds is >= -MaxSeconds and <= MaxSeconds
            && duration.Nanos is > -1_000_000_000 and < 1_000_000_000
            && (duration.Seconds == 0 || duration.Nanos == 0 || (duration.Seconds < 0) == (duration.Nanos < 0));
        if (!normalized)
        {
            throw CareException.Invalid(field, $"is not a normalised Duration (seconds {duration.Seconds}, nanos {duration.Nanos}): nanos must be within ±999,999,999 and have the sign of seconds.");
        }

        return duration.ToTimeSpan();
    }

    private static TimeSpan ParseTime(string field, string text)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToTimeSpan()
            : throw CareException.Invalid(field, $"{Echo.Quote(text)} is not a time of the form HH:MM (00:00..24:00).");
    }

    private static string FormatTime(TimeSpan time) =>
        time == TimeSpan.FromHours(24) ? "24:00" : TimeOnly.FromTimeSpan(time).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static Wire.TrackingRules ToProto(this TrackingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new Wire.TrackingRules { Keywords = { rules.Keywords }, Exclusions = { rules.Exclusions }, Languages = { rules.Languages }, TeamId = rules.TeamId ?? "" };
    }
}
