using System.Globalization;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Policies;

/// <summary>
/// A brand's care policy as data: an ordered list of rules that decide, for each incoming
/// message, its priority, the team it opens in, its tags and whether replies need approval. The
/// first rule that matches applies and ends the evaluation unless it says to continue. Before any
/// rule, a message has the default policy's answer (SocialCare's behaviour without rules):
/// triage's priority from its category, one level up for an influential author, Low for a post
/// found by keyword search; so an empty policy changes nothing.
/// </summary>
/// <param name="Version">0 for the default (never saved); each save is the next number.</param>
[GenerateSerializer, Immutable]
public sealed record CarePolicy(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<PolicyRule> Rules,
    [property: Id(2)] DateTimeOffset SavedAt,
    [property: Id(3)] string SavedBy)
{
    public const int MaxRules = 500;
    public const int MaxValuesPerCondition = TrackingRules.MaxTerms;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxDescriptionLength = 500;
    public const int MaxRuleIdLength = 63;

    /// <summary>No rules: every message keeps the default policy's answer.</summary>
    public static CarePolicy Default { get; } = new(0, [], DateTimeOffset.MinValue, "");

    /// <summary>What the policy decides for a message; <paramref name="startTeamId"/> is where it opens when no rule routes it.</summary>
    public PolicyDecision Decide(PolicyFacts facts, string startTeamId)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(startTeamId);
        var reasons = DefaultReasons(facts, out var priority);
        var teamId = startTeamId;
        List<string>? matched = null;
        List<string>? tags = null;
        var requireApproval = false;
        for (var r = 0; r < Rules.Count; r++)
        {
            var rule = Rules[r];
            if (!rule.When.Match(facts, out _))
            {
                continue;
            }

            (matched ??= []).Add(rule.RuleId);
            var then = rule.Then;
            if (then.SetPriority is { } set)
            {
                priority = set;
                reasons.Add(new PriorityReason($"rule:{rule.RuleId}", priority, $"rule {rule.RuleId} sets {EnumWords.Of(set)}"));
            }

            if (then.RaisePriority != 0)
            {
                priority = Shift(priority, then.RaisePriority);
                reasons.Add(new PriorityReason($"rule:{rule.RuleId}", priority, string.Create(CultureInfo.InvariantCulture,
                    $"rule {rule.RuleId} {(then.RaisePriority > 0 ? "raises" : "lowers")} it {Math.Abs(then.RaisePriority)} level{(Math.Abs(then.RaisePriority) == 1 ? "" : "s")} to {EnumWords.Of(priority)}")));
            }

            if (then.RouteToTeam is { } team && !facts.FollowUp)
            {
                teamId = team;
            }

            for (var t = 0; t < then.Tags.Count; t++)
            {
                if (!(tags ??= []).Contains(then.Tags[t], StringComparer.Ordinal))
                {
                    tags.Add(then.Tags[t]);
                }
            }

            requireApproval |= then.RequireApproval;
            if (!rule.Continue)
            {
                break;
            }
        }

        return new PolicyDecision(Version, priority, teamId, tags ?? [], requireApproval, matched ?? [], reasons);
    }

    /// <summary>Each rule in order with whether it matched and, if not, the first condition that failed: what a preview shows.</summary>
    public IReadOnlyList<RuleVerdict> Explain(PolicyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var verdicts = new List<RuleVerdict>(Rules.Count);
        var stopped = false;
        foreach (var rule in Rules)
        {
            if (stopped)
            {
                verdicts.Add(new RuleVerdict(rule.RuleId, Matched: false, Reached: false, Unmet: ""));
                continue;
            }

            var matched = rule.When.Match(facts, out var unmet);
            verdicts.Add(new RuleVerdict(rule.RuleId, matched, Reached: true, unmet));
            stopped = matched && !rule.Continue;
        }

        return verdicts;
    }

    /// <summary>The first part of every priority, one per category (index: the category's number), made once.</summary>
    private static readonly PriorityReason[] ByCategory = [.. Enumerable.Range(0, (int)Enum.GetValues<Category>().Max() + 1)
        .Select(n => (Category)n)
        .Select(c => Enum.IsDefined(c) ? new PriorityReason("category", PriorityRules.ForCategory(c), $"category {EnumWords.Of(c)}") : null!)];

    /// <summary>The default policy's priority and why: category, then influence (or triage's own word), then keyword search.</summary>
    private static List<PriorityReason> DefaultReasons(PolicyFacts facts, out Priority priority)
    {
        var triage = facts.Triage;
        var byCategory = PriorityRules.ForCategory(triage.Category);
        var reasons = new List<PriorityReason>(4) { (int)triage.Category is var n && n > 0 && n < ByCategory.Length ? ByCategory[n] : new("category", byCategory, $"category {triage.Category}") };
        priority = triage.Priority;
        if (priority < byCategory && PriorityRules.IsInfluential(facts.Author))
        {
            reasons.Add(new PriorityReason("influence", priority, facts.Author.Verified
                ? "verified author"
                : string.Create(CultureInfo.InvariantCulture, $"influential author ({facts.Author.FollowerCount:N0} followers)")));
        }
        else if (priority != byCategory)
        {
            reasons.Add(new PriorityReason("triage", priority, triage.Reason));
        }

        if (facts.KeywordMatch)
        {
            // A post about the brand rather than to it is proactive work, whatever its words.
            priority = Priority.Low;
            reasons.Add(new PriorityReason("keyword", priority, "found by keyword search: proactive work"));
        }

        return reasons;
    }

    private static Priority Shift(Priority priority, int levelsMoreUrgent) =>
        (Priority)Math.Clamp((int)priority - levelsMoreUrgent, (int)Priority.Urgent, (int)Priority.Low);

    /// <summary>
    /// Checks a policy a client submitted against the tenant it is for, naming the field of the
    /// first problem under <paramref name="rulesField"/> (INVALID_ARGUMENT).
    /// </summary>
    public CarePolicy Validated(TenantSettings tenant, string rulesField = "care_policy.rules")
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(Rules);
        if (Rules.Count > MaxRules)
        {
            throw CareException.Invalid(rulesField, $"has {Rules.Count} rules; at most {MaxRules}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Rules.Count; i++)
        {
            var field = $"{rulesField}[{i}]";
            var rule = Rules[i] ?? throw CareException.Invalid(field, "is missing.");
            RequireName($"{field}.rule_id", rule.RuleId, MaxRuleIdLength);
            if (!seen.Add(rule.RuleId))
            {
                throw CareException.Invalid($"{field}.rule_id", $"{Echo.Quote(rule.RuleId)} is used by an earlier rule; rule ids must be unique.");
            }

            FieldRules.Bounded($"{field}.description", rule.Description, MaxDescriptionLength);
            ValidateConditions($"{field}.when", rule.When ?? throw CareException.Invalid($"{field}.when", "is missing."));
            ValidateActions($"{field}.then", rule.Then ?? throw CareException.Invalid($"{field}.then", "is missing."), tenant);
        }

        return this;
    }

    private static void ValidateConditions(string field, PolicyConditions when)
    {
        Defined($"{field}.channels", when.Channels);
        Ids($"{field}.account_ids", when.AccountIds);
        Defined($"{field}.account_purposes", when.AccountPurposes);
        Defined($"{field}.categories", when.Categories);
        Defined($"{field}.sentiments", when.Sentiments);
        if (when.MinComplaintConfidence is { } confidence && !(confidence is >= 0 and <= 1))
        {
            throw CareException.Invalid($"{field}.min_complaint_confidence", "must be between 0 and 1.");
        }

        TrackingRules.LanguageCodes($"{field}.languages", when.Languages);
        TrackingRules.Terms($"{field}.keywords", when.Keywords);
        TrackingRules.Terms($"{field}.exclusions", when.Exclusions);
        if (when.MinFollowers is < 0)
        {
            throw CareException.Invalid($"{field}.min_followers", "must not be negative.");
        }

        TrackingRules.Terms($"{field}.handles", when.Handles);
        Ids($"{field}.customer_ids", when.CustomerIds);
        if (!Enum.IsDefined(when.BusinessHours))
        {
            throw CareException.Invalid($"{field}.business_hours", "is not a known value.");
        }

        if (!Enum.IsDefined(when.Position))
        {
            throw CareException.Invalid($"{field}.position", "is not a known value.");
        }

        if (!Enum.IsDefined(when.Addressing))
        {
            throw CareException.Invalid($"{field}.addressing", "is not a known value.");
        }
    }

    private static void ValidateActions(string field, PolicyActions then, TenantSettings tenant)
    {
        if (then.SetPriority is { } priority && !Enum.IsDefined(priority))
        {
            throw CareException.Invalid($"{field}.set_priority", "is not a known priority.");
        }

        if (then.RaisePriority is < -3 or > 3)
        {
            throw CareException.Invalid($"{field}.raise_priority", "must be between -3 and 3 levels.");
        }

        if (then.RouteToTeam is { } team && !tenant.HasTeam(team))
        {
            throw CareException.Invalid($"{field}.route_to_team", $"{Echo.Quote(team)} is not one of the tenant's teams.");
        }

        if (then.Tags.Count > MaxTags)
        {
            throw CareException.Invalid($"{field}.tags", $"has {then.Tags.Count} tags; at most {MaxTags}.");
        }

        for (var i = 0; i < then.Tags.Count; i++)
        {
            RequireName($"{field}.tags[{i}]", then.Tags[i], MaxTagLength);
        }
    }

    /// <summary>A rule id or a tag: lower-case letters, digits, '-' and '_', starting with a letter or digit.</summary>
    private static void RequireName(string field, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw CareException.Invalid(field, "is required.");
        }

        if (value.Length > maxLength || !(char.IsAsciiLetterLower(value[0]) || char.IsAsciiDigit(value[0]))
            || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw CareException.Invalid(field, $"{Echo.Quote(value)} must be 1 to {maxLength} lower-case letters, digits, '-' or '_', starting with a letter or digit.");
        }
    }

    private static void Count<T>(string field, IReadOnlyList<T> values)
    {
        if (values.Count > MaxValuesPerCondition)
        {
            throw CareException.Invalid(field, $"has {values.Count} values; at most {MaxValuesPerCondition}.");
        }
    }

    private static void Defined<T>(string field, IReadOnlyList<T> values)
        where T : struct, Enum
    {
        Count(field, values);
        for (var i = 0; i < values.Count; i++)
        {
            if (!Enum.IsDefined(values[i]))
            {
                throw CareException.Invalid($"{field}[{i}]", "is not a known value.");
            }
        }
    }

    private static void Ids(string field, IReadOnlyList<string> values)
    {
        Count(field, values);
        for (var i = 0; i < values.Count; i++)
        {
            FieldRules.RequireId($"{field}[{i}]", values[i]);
        }
    }
}

/// <summary>One part of a message's priority, for the desk to show: what set it, to what, and why.</summary>
/// <param name="Source">"category", "influence", "triage", "keyword", "rule:{id}".</param>
[GenerateSerializer, Immutable]
public sealed record PriorityReason(
    [property: Id(0)] string Source,
    [property: Id(1)] Priority Priority,
    [property: Id(2)] string Why);

/// <summary>What a policy decided for one message, and which version and rules decided it.</summary>
[GenerateSerializer, Immutable]
public sealed record PolicyDecision(
    [property: Id(0)] long PolicyVersion,
    [property: Id(1)] Priority Priority,
    [property: Id(2)] string TeamId,
    [property: Id(3)] IReadOnlyList<string> Tags,
    [property: Id(4)] bool RequireApproval,
    [property: Id(5)] IReadOnlyList<string> MatchedRules,
    [property: Id(6)] IReadOnlyList<PriorityReason> PriorityReasons);

/// <summary>How one rule judged a message in a preview: matched, not matched (naming the first condition that failed), or never reached.</summary>
[GenerateSerializer, Immutable]
public sealed record RuleVerdict(
    [property: Id(0)] string RuleId,
    [property: Id(1)] bool Matched,
    [property: Id(2)] bool Reached,
    [property: Id(3)] string Unmet);
