using System.CommandLine;
using Google.Protobuf;

namespace SocialCare.Cli;

/// <summary>The brand's care policy: shown, its versions listed, saved from a file, tried on a message.</summary>
internal static partial class CareCommands
{
    private static readonly JsonParser PolicyFiles = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    private static Command Policy(Option<string> tenant)
    {
        var version = new Option<long>("--version") { Description = "An earlier version; 0 (the default): the one in force." };
        var format = new Option<string>("--format", "-o") { Description = "text (one line a rule) or json (a file `policy save` takes back).", DefaultValueFactory = _ => "text" }
            .AcceptOnlyFromAmong("text", "json");
        var show = new Command("show", "Show the care policy's rules in order.") { version, format };
        show.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var policy = (await client.Policies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = PolicyName(r, tenant), Version = r.GetValue(version) }, cancellationToken: ct)).CarePolicy;
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(new JsonFormatter(JsonFormatter.Settings.Default.WithIndentation()).Format(new Wire.CarePolicy { Rules = { policy.Rules } }));
                return;
            }

            Console.WriteLine(policy.Version == 0
                ? $"{policy.Name}: the default policy (priority by category, influential authors one level up, keyword finds low)"
                : $"{policy.Name} v{policy.Version}, saved by {policy.SavedBy} at {Printer.Time(policy.SaveTime)}: {policy.Rules.Count} rules");
            foreach (var rule in policy.Rules)
            {
                Console.WriteLine($"  {rule.RuleId,-20} when {Conditions(rule.When)} then {Actions(rule.Then)}{(rule.Continue ? ", continue" : "")}");
            }
        });

        var history = new Command("history", "List the care policy's versions, newest first.");
        history.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var versions = await client.Policies.ListCarePolicyVersionsAsync(new Wire.ListCarePolicyVersionsRequest { Parent = $"tenants/{r.GetValue(tenant)}" }, cancellationToken: ct);
            foreach (var policy in versions.CarePolicies)
            {
                Console.WriteLine(policy.Version == 0 ? "v0  the default policy" : $"v{policy.Version,-3} {Printer.Time(policy.SaveTime)} by {policy.SavedBy}: {string.Join(", ", policy.Rules.Select(rule => rule.RuleId))}");
            }
        });

        var file = new Option<FileInfo>("--file", "-f") { Description = "The rules as JSON: {\"rules\": [{\"ruleId\": \"vip\", \"when\": {...}, \"then\": {...}}]} (what `policy show -o json` writes).", Required = true }.AcceptExistingOnly();
        var expected = new Option<long>("--expect-version") { Description = "Save only if this is still the version in force (0: whatever it is)." };
        var save = new Command("save", "Save the rules in a file as the next version of the care policy (admins).") { file, expected };
        save.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var rules = ReadPolicyFile(r.GetValue(file)!);
            var saved = (await client.Policies.UpdateCarePolicyAsync(new Wire.UpdateCarePolicyRequest { Name = PolicyName(r, tenant), CarePolicy = rules, Version = r.GetValue(expected) }, cancellationToken: ct)).CarePolicy;
            Console.WriteLine($"care policy saved as version {saved.Version}: {saved.Rules.Count} rules");
        });

        var text = new Option<string>("--text") { Description = "What the customer wrote.", Required = true };
        var author = new Option<string>("--author") { Description = "The author's handle.", DefaultValueFactory = _ => "customer" };
        var followers = new Option<long>("--followers") { Description = "The author's follower count." };
        var verified = new Option<bool>("--verified") { Description = "The author is verified." };
        var channel = new Option<string>("--channel") { Description = "x, facebook, instagram, messenger, whatsapp, email or web-chat.", DefaultValueFactory = _ => "x" };
        channel.AcceptOnlyFromAmong("x", "twitter", "facebook", "instagram", "messenger", "whatsapp", "email", "web-chat", "webchat");
        var followUp = new Option<bool>("--follow-up") { Description = "Judge it as a follow-up in an open conversation." };
        var keyword = new Option<bool>("--keyword") { Description = "Found by keyword search rather than addressed to the brand." };
        var draft = new Option<FileInfo>("--draft") { Description = "Try these rules (a policy file) instead of the policy in force." }.AcceptExistingOnly();
        var preview = new Command("preview", "What the policy decides for a message, rule by rule; nothing is stored.") { text, author, followers, verified, channel, followUp, keyword, draft };
        preview.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var request = new Wire.PreviewCarePolicyRequest
            {
                Parent = $"tenants/{r.GetValue(tenant)}",
                FollowUp = r.GetValue(followUp),
                Mention = new Wire.Mention
                {
                    Channel = ParseChannel(r.GetValue(channel)!),
                    NetworkMessageId = "preview",
                    Author = new Wire.Author { NetworkUserId = r.GetValue(author)!, Handle = r.GetValue(author)!, FollowerCount = r.GetValue(followers), Verified = r.GetValue(verified) },
                    Text = r.GetValue(text)!,
                    KeywordMatch = r.GetValue(keyword),
                },
            };
            if (r.GetValue(draft) is { } drafted)
            {
                request.UseDraft = true;
                request.DraftRules.AddRange(ReadPolicyFile(drafted).Rules);
            }

            var result = await client.Policies.PreviewCarePolicyAsync(request, cancellationToken: ct);
            foreach (var rule in result.Rules)
            {
                Console.WriteLine($"  {rule.RuleId,-20} {(rule.Matched ? "matched" : !rule.Reached ? "not reached" : $"no ({rule.Unmet})")}");
            }

            var decision = result.Decision;
            Console.WriteLine($"decision (policy v{decision.PolicyVersion}): {Printer.Name(decision.Priority)} in {decision.TeamId}" +
                $"{(decision.Tags.Count > 0 ? $", tags {string.Join(", ", decision.Tags)}" : "")}{(decision.RequireApproval ? ", replies need approval" : "")}");
            foreach (var reason in decision.PriorityReasons)
            {
                Console.WriteLine($"  {Printer.Name(reason.Priority),-7} {reason.Source}: {reason.Why}");
            }
        });

        return new Command("policy", "The brand's care policy: which messages come first, where they go, what they are tagged.") { show, history, save, preview };
    }

    private static string PolicyName(ParseResult r, Option<string> tenant) => $"tenants/{r.GetValue(tenant)}/carePolicy";

    private static Wire.CarePolicy ReadPolicyFile(FileInfo file)
    {
        try
        {
            return PolicyFiles.Parse<Wire.CarePolicy>(File.ReadAllText(file.FullName));
        }
        catch (InvalidProtocolBufferException bad)
        {
            throw new ArgumentException($"--file {file.Name}: not a care policy file ({bad.Message}).", bad);
        }
    }

    private static string Conditions(Wire.PolicyConditions? when)
    {
        if (when is null)
        {
            return "always";
        }

        var parts = new List<string>();
        void Add<T>(string name, IEnumerable<T> values)
        {
            var list = values.Select(v => v is Enum e ? Printer.Name(e) : v!.ToString()!).ToList();
            if (list.Count > 0)
            {
                parts.Add($"{name} {string.Join("|", list)}");
            }
        }

        Add("channel", when.Channels);
        Add("account", when.AccountIds);
        Add("purpose", when.AccountPurposes);
        Add("category", when.Categories);
        Add("sentiment", when.Sentiments);
        Add("language", when.Languages);
        Add("words", when.Keywords);
        Add("not", when.Exclusions);
        Add("handle", when.Handles);
        Add("customer", when.CustomerIds);
        if (when.HasMinComplaintConfidence)
        {
            parts.Add($"complaint >= {when.MinComplaintConfidence:0.##}");
        }

        if (when.HasMinFollowers)
        {
            parts.Add($"followers >= {when.MinFollowers:N0}");
        }

        if (when.HasVerified)
        {
            parts.Add(when.Verified ? "verified" : "not verified");
        }

        if (when.BusinessHours != Wire.BusinessHoursCondition.Unspecified)
        {
            parts.Add($"business hours {Printer.Name(when.BusinessHours)}");
        }

        if (when.Position != Wire.MessagePosition.Unspecified)
        {
            parts.Add(Printer.Name(when.Position));
        }

        if (when.Addressing != Wire.Addressing.Unspecified)
        {
            parts.Add(Printer.Name(when.Addressing));
        }

        return parts.Count == 0 ? "always" : string.Join(", ", parts);
    }

    private static string Actions(Wire.PolicyActions? then)
    {
        if (then is null)
        {
            return "nothing";
        }

        var parts = new List<string>();
        if (then.SetPriority != Wire.Priority.Unspecified)
        {
            parts.Add($"priority {Printer.Name(then.SetPriority)}");
        }

        if (then.RaisePriority != 0)
        {
            parts.Add(then.RaisePriority > 0 ? $"raise {then.RaisePriority}" : $"lower {-then.RaisePriority}");
        }

        if (then.RouteToTeam.Length > 0)
        {
            parts.Add($"team {then.RouteToTeam}");
        }

        if (then.Tags.Count > 0)
        {
            parts.Add($"tag {string.Join("|", then.Tags)}");
        }

        if (then.RequireApproval)
        {
            parts.Add("approval");
        }

        return parts.Count == 0 ? "nothing (stop)" : string.Join(", ", parts);
    }
}
