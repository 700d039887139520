using Google.Protobuf.WellKnownTypes;
using SocialCare.Api.Common;
using SocialCare.Api.Deliveries;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Customers;
using SocialCare.Domain.Sla;

namespace SocialCare.Api.Conversations;

public static class ConversationMapping
{
    public static Wire.Conversation ToProto(this ConversationView c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var proto = new Wire.Conversation
        {
            Name = ResourceNames.Conversation(c.TenantId, c.ConversationId),
            TenantId = c.TenantId,
            ConversationId = c.ConversationId,
            Channel = c.Channel.ToProto(),
            State = c.Status.ToProto(),
            Priority = c.Priority.ToProto(),
            Category = c.Category.ToProto(),
            Sentiment = c.Sentiment.ToProto(),
            FirstSentiment = c.FirstSentiment.ToProto(),
            TeamId = c.TeamId,
            AssignedAgentId = c.AssignedAgentId ?? "",
            Author = c.Author?.ToProto(),
            Customer = ResourceNames.Customer(c.TenantId, c.CustomerId),
            OpenTime = Timestamp.FromDateTimeOffset(c.OpenedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(c.UpdatedAt),
            FirstResponseTime = c.FirstResponseAt is { } first ? Timestamp.FromDateTimeOffset(first) : null,
            ResolveTime = c.ResolvedAt is { } resolved ? Timestamp.FromDateTimeOffset(resolved) : null,
            ReopenCount = c.ReopenCount,
            MessageCount = c.MessageSequence,
            AwaitingApprovalMessageId = c.AwaitingApproval is { } waiting ? waiting.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
            ApprovalEscalated = c.ApprovalEscalated,
            GroupId = c.GroupId ?? "",
            PolicyVersion = c.PolicyVersion,
            PolicyRequiresApproval = c.PolicyRequiresApproval,
        };
        proto.Tags.AddRange(c.Tags);
        proto.PolicyRules.AddRange(c.PolicyRules);
        proto.PriorityReasons.AddRange(c.PriorityReasons.Select(Policies.CarePolicyMapping.ToProto));
        proto.Messages.AddRange(c.RecentMessages.Select(ToProto));
        proto.SlaClocks.AddRange(c.SlaClocks.Select(ToProto));
        proto.SlaBreaches.AddRange(c.Breaches.Select(ToProto));
        proto.Escalations.AddRange(c.Escalations.Select(e => new Wire.Escalation
        {
            FromTeamId = e.FromTeamId,
            ToTeamId = e.ToTeamId,
            AgentId = e.AgentId,
            Note = e.Note,
            CreateTime = Timestamp.FromDateTimeOffset(e.CreatedAt),
        }));
        return proto;
    }

    public static Wire.ConversationMessage ToProto(this ConversationMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var proto = new Wire.ConversationMessage
        {
            MessageId = m.MessageId,
            Kind = m.Kind.ToProto(),
            Visibility = m.Visibility.ToProto(),
            Text = m.Text,
            NetworkMessageId = m.NetworkMessageId ?? "",
            ThreadId = m.ThreadId ?? "",
            InReplyToId = m.InReplyToId ?? "",
            Author = m.Author?.ToProto(),
            AgentId = m.AgentId ?? "",
            ActedBy = m.ActedBy ?? "",
            CreateTime = Timestamp.FromDateTimeOffset(m.CreatedAt),
            ReceiveTime = Timestamp.FromDateTimeOffset(m.ReceivedAt),
            Triage = m.Triage?.ToProto(),
            Delivery = m.Delivery?.ToProto(),
            Approval = m.Approval?.ToProto(),
            CorrectsMessageId = m.CorrectsMessageId ?? "",
            RetractsMessageId = m.RetractsMessageId ?? "",
            Retraction = m.Retraction is { } r
                ? new Wire.ReplyRetraction
                {
                    State = (Wire.RetractionState)(int)r.State,
                    RetractionMessageId = r.RetractionMessageId,
                    RequestedBy = r.RequestedBy,
                    RequestTime = Timestamp.FromDateTimeOffset(r.RequestedAt),
                }
                : null,
            Choice = m.Choice?.ToProto(),
            Referral = m.Referral?.ToProto(),
            DeleteTime = m.DeletedAt is { } deleted ? Timestamp.FromDateTimeOffset(deleted) : null,
            Standby = m.Standby,
        };
        if (m.EarlierVersions is { Count: > 0 } versions)
        {
            proto.EarlierVersions.AddRange(versions.Select(v => new Wire.MessageVersion { Text = v.Text, ReplaceTime = Timestamp.FromDateTimeOffset(v.ReplacedAt) }));
        }

        if (m.Reactions is { Count: > 0 } reactions)
        {
            proto.Reactions.AddRange(reactions);
        }

        if (m.Attachments is { Count: > 0 } attachments)
        {
            proto.Attachments.AddRange(attachments.Select(WireContent.ToProto));
        }

        return proto;
    }

    public static Wire.ReplyApproval ToProto(this Domain.Approvals.ReplyApproval a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var proto = new Wire.ReplyApproval
        {
            State = (Wire.ApprovalState)(int)a.State,
            RequestTime = Timestamp.FromDateTimeOffset(a.RequestedAt),
            EscalateTime = Timestamp.FromDateTimeOffset(a.EscalateAt),
            DecidedBy = a.DecidedBy ?? "",
            DecideTime = a.DecidedAt is { } decided ? Timestamp.FromDateTimeOffset(decided) : null,
            Reason = a.Reason ?? "",
        };
        proto.Reasons.AddRange(a.Reasons);
        return proto;
    }

    public static Wire.GuardrailFinding ToProto(this Domain.Guardrails.GuardrailFinding f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new Wire.GuardrailFinding
        {
            Kind = (Wire.FindingKind)(int)f.Kind,
            Start = f.Start,
            Length = f.Length,
            Excerpt = f.Excerpt,
            Suggestion = f.Suggestion,
        };
    }

    public static Wire.Author ToProto(this AuthorProfile a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new Wire.Author
        {
            NetworkUserId = a.NetworkUserId,
            Handle = a.Handle,
            DisplayName = a.DisplayName,
            FollowerCount = a.FollowerCount,
            Verified = a.Verified,
        };
    }

    public static Wire.TriageResult ToProto(this Domain.Triage.TriageResult t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var proto = new Wire.TriageResult
        {
            Category = t.Category.ToProto(),
            Priority = t.Priority.ToProto(),
            Sentiment = t.Sentiment.ToProto(),
            Reason = t.Reason,
            Confidence = t.Confidence,
            Language = t.Language ?? "",
            Valence = t.Valence,
        };
        proto.Cues.AddRange(t.Cues);
        return proto;
    }

    public static Wire.ConversationReference ToProto(this ConversationReference r, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new Wire.ConversationReference
        {
            Conversation = ResourceNames.Conversation(tenantId, r.ConversationId),
            Channel = r.Channel.ToProto(),
            State = r.Status.ToProto(),
            Category = r.Category.ToProto(),
            OpenTime = Timestamp.FromDateTimeOffset(r.OpenedAt),
            Preview = r.Preview,
        };
    }

    private static Wire.SlaClock ToProto(SlaClock clock) => new()
    {
        Kind = clock.Kind.ToProto(),
        State = clock.State.ToProto(),
        StartTime = Timestamp.FromDateTimeOffset(clock.StartedAt),
        DueTime = Timestamp.FromDateTimeOffset(clock.DueAt),
        StopTime = clock.StoppedAt is { } stop ? Timestamp.FromDateTimeOffset(stop) : null,
    };

    private static Wire.SlaBreach ToProto(SlaBreach breach) => new()
    {
        Kind = breach.Kind.ToProto(),
        StartTime = Timestamp.FromDateTimeOffset(breach.StartedAt),
        DueTime = Timestamp.FromDateTimeOffset(breach.DueAt),
        DetectTime = Timestamp.FromDateTimeOffset(breach.DetectedAt),
    };
}
