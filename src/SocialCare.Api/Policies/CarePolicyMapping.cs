using SocialCare.Api.Common;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Policies;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Api.Policies;

/// <summary>The care policy between the wire and the domain; every enum crossing is checked and named.</summary>
public static class CarePolicyMapping
{
    public static Wire.CarePolicy ToProto(this CarePolicy policy, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var proto = new Wire.CarePolicy
        {
            Name = ResourceNames.CarePolicy(tenantId),
            Version = policy.Version,
            SavedBy = policy.SavedBy,
            SaveTime = policy.Version == 0 ? null : Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(policy.SavedAt),
        };
        proto.Rules.AddRange(policy.Rules.Select(ToProto));
        return proto;
    }

    public static Wire.PolicyRule ToProto(this PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var when = new Wire.PolicyConditions
        {
            BusinessHours = (Wire.BusinessHoursCondition)(int)rule.When.BusinessHours,
            Position = (Wire.MessagePosition)(int)rule.When.Position,
            Addressing = (Wire.Addressing)(int)rule.When.Addressing,
        };
        when.Channels.AddRange(rule.When.Channels.Select(c => c.ToProto()));
        when.AccountIds.AddRange(rule.When.AccountIds);
        when.AccountPurposes.AddRange(rule.When.AccountPurposes.Select(p => p.ToProto()));
        when.Categories.AddRange(rule.When.Categories.Select(c => c.ToProto()));
        when.Sentiments.AddRange(rule.When.Sentiments.Select(s => s.ToProto()));
        when.Languages.AddRange(rule.When.Languages);
        when.Keywords.AddRange(rule.When.Keywords);
        when.Exclusions.AddRange(rule.When.Exclusions);
        when.Handles.AddRange(rule.When.Handles);
        when.CustomerIds.AddRange(rule.When.CustomerIds);
        if (rule.When.MinComplaintConfidence is { } confidence)
        {
            when.MinComplaintConfidence = confidence;
        }

        if (rule.When.MinFollowers is { } followers)
        {
            when.MinFollowers = followers;
        }

        if (rule.When.Verified is { } verified)
        {
            when.Verified = verified;
        }

        var then = new Wire.PolicyActions
        {
            SetPriority = rule.Then.SetPriority is { } priority ? priority.ToProto() : Wire.Priority.Unspecified,
            RaisePriority = rule.Then.RaisePriority,
            RouteToTeam = rule.Then.RouteToTeam ?? "",
            RequireApproval = rule.Then.RequireApproval,
        };
        then.Tags.AddRange(rule.Then.Tags);
        return new Wire.PolicyRule { RuleId = rule.RuleId, Description = rule.Description, When = when, Then = then, Continue = rule.Continue };
    }

    /// <summary>The rules a client sent, with every enum and text checked under <paramref name="field"/> ("care_policy.rules").</summary>
    public static IReadOnlyList<PolicyRule> ToDomain(this IEnumerable<Wire.PolicyRule> rules, string field)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        if (list.Count > CarePolicy.MaxRules)
        {
            throw CareException.Invalid(field, $"has {list.Count} rules; at most {CarePolicy.MaxRules}.");
        }

        return [.. list.Select((rule, i) => rule.ToDomain($"{field}[{i}]"))];
    }

    private static PolicyRule ToDomain(this Wire.PolicyRule rule, string field)
    {
        var when = rule.When ?? new Wire.PolicyConditions();
        var then = rule.Then ?? new Wire.PolicyActions();
        var conditions = new PolicyConditions
        {
            Channels = Each(when.Channels, $"{field}.when.channels", (c, f) => c.ToDomain(f)),
            AccountIds = [.. when.AccountIds],
            AccountPurposes = Each(when.AccountPurposes, $"{field}.when.account_purposes", Purpose),
            Categories = Each(when.Categories, $"{field}.when.categories", (c, f) => c.ToDomain(f)),
            Sentiments = Each(when.Sentiments, $"{field}.when.sentiments", Sentiment),
            MinComplaintConfidence = when.HasMinComplaintConfidence ? when.MinComplaintConfidence : null,
            Languages = [.. when.Languages],
            Keywords = [.. when.Keywords],
            Exclusions = [.. when.Exclusions],
            MinFollowers = when.HasMinFollowers ? when.MinFollowers : null,
            Verified = when.HasVerified ? when.Verified : null,
            Handles = [.. when.Handles],
            CustomerIds = [.. when.CustomerIds],
            BusinessHours = Defined<Wire.BusinessHoursCondition, BusinessHoursCondition>(when.BusinessHours, $"{field}.when.business_hours"),
            Position = Defined<Wire.MessagePosition, MessagePosition>(when.Position, $"{field}.when.position"),
            Addressing = Defined<Wire.Addressing, Addressing>(when.Addressing, $"{field}.when.addressing"),
        };
        var actions = new PolicyActions
        {
            SetPriority = then.SetPriority == Wire.Priority.Unspecified ? null : then.SetPriority.ToDomain($"{field}.then.set_priority"),
            RaisePriority = then.RaisePriority,
            RouteToTeam = ProtoFields.NullIfEmpty(then.RouteToTeam),
            RequireApproval = then.RequireApproval,
            Tags = [.. then.Tags],
        };
        return new PolicyRule(rule.RuleId, rule.Description, conditions, actions, rule.Continue);
    }

    public static Wire.PolicyDecision ToProto(this PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var proto = new Wire.PolicyDecision
        {
            PolicyVersion = decision.PolicyVersion,
            Priority = decision.Priority.ToProto(),
            TeamId = decision.TeamId,
            RequireApproval = decision.RequireApproval,
        };
        proto.Tags.AddRange(decision.Tags);
        proto.MatchedRules.AddRange(decision.MatchedRules);
        proto.PriorityReasons.AddRange(decision.PriorityReasons.Select(ToProto));
        return proto;
    }

    public static Wire.PriorityReason ToProto(this PriorityReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new Wire.PriorityReason { Source = reason.Source, Priority = reason.Priority.ToProto(), Why = reason.Why };
    }

    public static Wire.PolicyRuleVerdict ToProto(this RuleVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new Wire.PolicyRuleVerdict { RuleId = verdict.RuleId, Matched = verdict.Matched, Reached = verdict.Reached, Unmet = verdict.Unmet };
    }

    private static AccountPurpose Purpose(Wire.AccountPurpose purpose, string field) =>
        purpose == Wire.AccountPurpose.Unspecified || !Enum.IsDefined(purpose)
            ? throw CareException.Invalid(field, $"must be SUPPORT or MARKETING (got {(int)purpose}).")
            : purpose.ToDomain();

    private static Sentiment Sentiment(Wire.Sentiment sentiment, string field) =>
        sentiment.ToOptionalDomain(field) ?? throw CareException.Invalid(field, "must be NEGATIVE, NEUTRAL or POSITIVE.");

    /// <summary>A wire enum whose numbers are the domain's (unspecified is the domain's Any, 0); a number neither knows is refused.</summary>
    private static TDomain Defined<TWire, TDomain>(TWire value, string field)
        where TWire : struct, Enum
        where TDomain : struct, Enum
    {
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        var mapped = (TDomain)Enum.ToObject(typeof(TDomain), number);
        return Enum.IsDefined(value) && Enum.IsDefined(mapped)
            ? mapped
            : throw CareException.Invalid(field, $"is not a known value (got {number}).");
    }

    private static IReadOnlyList<TDomain> Each<TWire, TDomain>(IReadOnlyList<TWire> values, string field, Func<TWire, string, TDomain> map) =>
        [.. values.Select((value, i) => map(value, $"{field}[{i}]"))];
}
