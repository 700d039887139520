using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SocialCare.Contracts;

namespace SocialCare.Fuzzing;

/// <summary>
/// Sends generated requests to every RPC of a running host, as a client that knows only the
/// protos: well-formed calls with hostile values (unary and both streams) and raw HTTP/2 bodies
/// that are not well-formed at all. A sentinel tenant, conversation and queue are set up first;
/// every request aimed at them is one the contract says must be refused (or is a documented
/// no-op), so their bytes must read back identical at the end. Requests aimed at a scratch
/// tenant may succeed. Any UNKNOWN or INTERNAL, any call that runs into its deadline, and any
/// change to the sentinel is a finding. The sentinel's conversation work goes through
/// <paramref name="ownerChannel"/>, whose caller is the owning agent with the agent role only, so
/// a request naming another agent must be refused; <paramref name="channel"/> carries a caller
/// with every role, for setting up and for the scratch tenant.
/// </summary>
public sealed class CareFuzzer(GrpcChannel channel, GrpcChannel ownerChannel, string address, CareCredential credential, int seed) : IDisposable
{
    /// <summary>No call of this suite needs longer; one that takes it has hung.</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(20);

    /// <summary>The agent id <c>ownerChannel</c>'s caller must carry.</summary>
    public const string Owner = "owner-agent";
    private const string Intruder = "intruder-agent";
    private const string SentinelRequestId = "sentinel-reply";
    private const string SentinelReplyText = "We'll DM you to rebook you now.";

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly List<string> _findings = [];
    private readonly Wire.IngestService.IngestServiceClient _ingest = new(channel);
    private readonly Wire.ConversationService.ConversationServiceClient _conversations = new(channel);
    private readonly Wire.ConversationService.ConversationServiceClient _asOwner = new(ownerChannel);
    private readonly Wire.QueueService.QueueServiceClient _queues = new(channel);
    private readonly Wire.AdminService.AdminServiceClient _admin = new(channel);
    private readonly Wire.CustomerService.CustomerServiceClient _customers = new(channel);
    private readonly Wire.CarePolicyService.CarePolicyServiceClient _policies = new(channel);
    private readonly List<string> _scratchConversations = [];
    private readonly RawGrpc _raw = new(address, credential);
    private int _requests;
    private int _unknownInternal;
    private int _hangs;

    private string _sentinel = "";
    private string _scratch = "";
    private string _open = "";
    private string _resolved = "";
    private string _openCustomer = "";
    private Wire.Mention _openMention = new();
    private Wire.Tenant _sentinelSettings = new();
    private Dictionary<string, ReadOnlyMemory<byte>> _before = [];
    private string _lastMethod = "";

    public async Task<FuzzReport> RunAsync(int requests)
    {
        await SetUpAsync();
        _before = await SnapshotAsync(channel);
        var cases = Cases();
        // SOCIALCARE_FUZZ_BISECT=1 reads the sentinel after every case and names the first request that changed it.
        var bisect = Environment.GetEnvironmentVariable("SOCIALCARE_FUZZ_BISECT") == "1";
        while (_requests < requests)
        {
            var pick = cases[_random.Next(cases.Count)];
            await pick();
            if (bisect && Differences(_before, await SnapshotAsync(channel)) is { Count: > 0 } changed)
            {
                _findings.Add($"request {_requests} ({_lastMethod}) changed the sentinel: {string.Join(", ", changed)}");
                break;
            }
        }

        var changes = Differences(_before, await SnapshotAsync(channel));
        _findings.AddRange(changes);
        var stateChanges = changes.Count;

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Deadline());
        if (health.Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            _findings.Add($"health is {health.Status} after the run");
        }

        return new FuzzReport(seed, _requests, _unknownInternal, _hangs, stateChanges, health.Status == HealthCheckResponse.Types.ServingStatus.Serving, new Dictionary<string, int>(_statuses), [.. _findings]);
    }

    private async Task SetUpAsync()
    {
        var suffix = seed.ToString("x8", CultureInfo.InvariantCulture) + _random.Next().ToString("x8", CultureInfo.InvariantCulture);
        _sentinel = $"sentinel-{suffix}";
        _scratch = $"scratch-{suffix}";
        _sentinelSettings = (await _admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = _sentinel, DisplayName = "Sentinel brand", SlaPolicy = FarPolicy() } }, deadline: Deadline())).Tenant;
        await _admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = _scratch, DisplayName = "Scratch brand" } }, deadline: Deadline());

        _openMention = Mention(_sentinel, "sentinel-ann", "My flight was cancelled and nobody answers. Unacceptable.");
        var open = await _ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = _openMention }, deadline: Deadline());
        _open = open.Conversation;
        _openCustomer = open.Customer;
        await _conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = _open, AgentId = Owner }, deadline: Deadline());
        await _conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Owner, Text = SentinelReplyText, RequestId = SentinelRequestId }, deadline: Deadline());
        await _conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = _open, AgentId = Owner, Text = "Rebooking on the next flight." }, deadline: Deadline());

        _resolved = (await _ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = Mention(_sentinel, "sentinel-bob", "Thanks for the help!") }, deadline: Deadline())).Conversation;
        await _conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = _resolved, AgentId = Owner, Note = "Thanked" }, deadline: Deadline());
    }

    /// <summary>
    /// What differs between the sentinel as it was before the run and as <paramref name="other"/>
    /// (another silo, or the same deployment after a restart) reads it now: memory and disk must agree.
    /// </summary>
    public async Task<IReadOnlyList<string>> SentinelDifferencesAsync(GrpcChannel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Differences(_before, await SnapshotAsync(other));
    }

    private static List<string> Differences(Dictionary<string, ReadOnlyMemory<byte>> before, Dictionary<string, ReadOnlyMemory<byte>> after) =>
        [.. before.Where(b => !after.TryGetValue(b.Key, out var now) || !now.Span.SequenceEqual(b.Value.Span)).Select(b => $"sentinel {b.Key} changed")];

    /// <summary>Everything a client can read of the sentinel, as bytes.</summary>
    private async Task<Dictionary<string, ReadOnlyMemory<byte>>> SnapshotAsync(GrpcChannel from)
    {
        var admin = new Wire.AdminService.AdminServiceClient(from);
        var conversations = new Wire.ConversationService.ConversationServiceClient(from);
        var queues = new Wire.QueueService.QueueServiceClient(from);
        var customers = new Wire.CustomerService.CustomerServiceClient(from);
        return new(StringComparer.Ordinal)
        {
        ["tenant"] = (await admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{_sentinel}" }, deadline: Deadline())).ToByteArray(),
        ["open conversation"] = (await conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = _open }, deadline: Deadline())).ToByteArray(),
        ["resolved conversation"] = (await conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = _resolved }, deadline: Deadline())).ToByteArray(),
        ["history"] = (await conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = _open, PageSize = 500 }, deadline: Deadline())).ToByteArray(),
        ["queue"] = (await queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{_sentinel}", PageSize = 500 }, deadline: Deadline())).ToByteArray(),
        ["customer"] = (await customers.GetCustomerAsync(new Wire.GetCustomerRequest { Name = _openCustomer }, deadline: Deadline())).ToByteArray(),
        ["care policy"] = (await new Wire.CarePolicyService.CarePolicyServiceClient(from).ListCarePolicyVersionsAsync(new Wire.ListCarePolicyVersionsRequest { Parent = $"tenants/{_sentinel}" }, deadline: Deadline())).ToByteArray(),
        };
    }

    private List<Func<Task>> Cases() =>
    [
        // The sentinel: refused, or a documented no-op.
        () => Unary("ReopenConversation", _asOwner.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = _resolved, AgentId = Owner, Note = BadOptionalText() }, deadline: Deadline())),
        () => Unary("ReopenConversation", _asOwner.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = _resolved, AgentId = BadAgentId(), Note = "why" }, deadline: Deadline())),
        () => Unary("ReopenConversation", _asOwner.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = _open, AgentId = Owner, Note = AnyText() }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Intruder, Text = AnyText(), RequestId = Pick("", SentinelRequestId, "r-" + _random.Next()) }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Owner, Text = BadReplyText() }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Owner, Text = "Hello", Signature = new string('s', 65 + _random.Next(100)) }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Owner, Text = "Hello", Visibility = (Wire.Visibility)(3 + _random.Next(50)) }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Owner, Text = "Hello", RequestId = BadOptionalId() }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Owner, Text = SentinelReplyText + " (edited)", RequestId = SentinelRequestId }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _open, AgentId = Owner, Text = SentinelReplyText, RequestId = SentinelRequestId }, deadline: Deadline())),
        () => Unary("PostReply", _asOwner.PostReplyAsync(new Wire.PostReplyRequest { Name = _resolved, AgentId = Owner, Text = "Anything else?" }, deadline: Deadline())),
        () => Unary("AddNote", _asOwner.AddNoteAsync(new Wire.AddNoteRequest { Name = Pick(_open, _resolved), AgentId = Pick(Owner, Intruder), Text = BadText() }, deadline: Deadline())),
        () => Unary("AddNote", _asOwner.AddNoteAsync(new Wire.AddNoteRequest { Name = Pick(_open, _resolved), AgentId = BadAgentId(), Text = "note" }, deadline: Deadline())),
        () => Unary("Escalate", _asOwner.EscalateAsync(new Wire.EscalateRequest { Name = _open, AgentId = Intruder, TeamId = Pick("legal", "pr", "second-line"), Note = AnyText() }, deadline: Deadline())),
        () => Unary("Escalate", _asOwner.EscalateAsync(new Wire.EscalateRequest { Name = _open, AgentId = Owner, TeamId = Pick("nowhere", "first-line", "", "LEGAL", Hostile()), Note = "handing over" }, deadline: Deadline())),
        () => Unary("Escalate", _asOwner.EscalateAsync(new Wire.EscalateRequest { Name = _open, AgentId = Owner, TeamId = "legal", Note = BadText() }, deadline: Deadline())),
        () => Unary("Escalate", _asOwner.EscalateAsync(new Wire.EscalateRequest { Name = _resolved, AgentId = Owner, TeamId = "legal", Note = "late" }, deadline: Deadline())),
        () => Unary("ResolveConversation", _asOwner.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = _open, AgentId = Intruder, Note = AnyText() }, deadline: Deadline())),
        () => Unary("ResolveConversation", _asOwner.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = _open, AgentId = Owner, Note = BadOptionalText() }, deadline: Deadline())),
        () => Unary("ResolveConversation", _asOwner.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = _resolved, AgentId = Pick(Owner, Intruder) }, deadline: Deadline())),
        () => Unary("ClaimConversation", _asOwner.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = Pick(_open, _resolved), AgentId = Pick(Intruder, BadAgentId()) }, deadline: Deadline())),
        // Only a supervisor reassigns: the owning agent handing its conversation over is refused.
        () => Unary("AssignConversation", _asOwner.AssignConversationAsync(new Wire.AssignConversationRequest { Name = Pick(_open, _resolved), AssigneeId = Pick(Intruder, Owner, BadAgentId()) }, deadline: Deadline())),
        () => Unary("AssignConversation", _conversations.AssignConversationAsync(new Wire.AssignConversationRequest { Name = HostileName("conversations"), AssigneeId = Pick(Intruder, BadId()) }, deadline: Deadline())),
        () => Unary("ClaimConversation", _asOwner.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = _open, AgentId = Owner }, deadline: Deadline())),
        () => Unary("IngestMention", _ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = BadMention(_sentinel) }, deadline: Deadline())),
        () => Unary("IngestMention", _ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = _openMention }, deadline: Deadline())),
        () => Unary("UpdateTenant", _admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = BadSettings() }, deadline: Deadline())),
        () => Unary("CreateTenant", _admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = _sentinel } }, deadline: Deadline())),
        () => Unary("UpdateCarePolicy", _policies.UpdateCarePolicyAsync(new Wire.UpdateCarePolicyRequest { Name = $"tenants/{_sentinel}/carePolicy", CarePolicy = new Wire.CarePolicy { Rules = { AnyPolicyRule(), BadPolicyRule() } } }, deadline: Deadline())),
        () => Unary("UpdateCarePolicy", _policies.UpdateCarePolicyAsync(new Wire.UpdateCarePolicyRequest { Name = $"tenants/{_sentinel}/carePolicy", CarePolicy = new Wire.CarePolicy { Rules = { AnyPolicyRule() } }, Version = Pick(-1L, 7L, long.MaxValue) }, deadline: Deadline())),
        () => Unary("PreviewCarePolicy", _policies.PreviewCarePolicyAsync(new Wire.PreviewCarePolicyRequest { Parent = $"tenants/{_sentinel}", Mention = Pick(_openMention, BadMention(_sentinel)), FollowUp = Pick(true, false), CustomerId = Pick("", BadOptionalId()), DraftRules = { AnyPolicyRule(), Pick(AnyPolicyRule(), BadPolicyRule()) } }, deadline: Deadline())),
        () => Unary("LinkIdentity", _customers.LinkIdentityAsync(new Wire.LinkIdentityRequest { Name = _openCustomer, Channel = Pick(Wire.Channel.X, Wire.Channel.Unspecified, (Wire.Channel)77), NetworkUserId = Pick("never-seen-" + _random.Next(), "", Hostile()) }, deadline: Deadline())),

        // Reads with hostile names, tokens and sizes, anywhere.
        () => Unary("GetConversation", _conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = HostileName("conversations") }, deadline: Deadline())),
        () => Unary("ListConversationMessages", _asOwner.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = Pick(_open, HostileName("conversations")), PageSize = HostileInt(), PageToken = Pick("", "0", "-1", "2147483648", Hostile()) }, deadline: Deadline())),
        () => Unary("ListQueue", _queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = Pick($"tenants/{_sentinel}", $"tenants/{_sentinel}/teams/{Hostile()}", HostileName("teams")), PageSize = HostileInt(), PageToken = Pick("", Hostile(), "AAAA") }, deadline: Deadline())),
        () => Unary("GetWaitEstimate", _queues.GetWaitEstimateAsync(new Wire.GetWaitEstimateRequest { Parent = Pick($"tenants/{_sentinel}", HostileName("teams"), "") }, deadline: Deadline())),
        () => Unary("GetTenant", _admin.GetTenantAsync(new Wire.GetTenantRequest { Name = Pick($"tenants/{_sentinel}", HostileName("")) }, deadline: Deadline())),
        () => Unary("GetCustomer", _customers.GetCustomerAsync(new Wire.GetCustomerRequest { Name = Pick(_openCustomer, HostileName("customers")) }, deadline: Deadline())),
        () => Unary("Ping", new Wire.DiagnosticsService.DiagnosticsServiceClient(channel).PingAsync(new Wire.PingRequest(), deadline: Deadline())),
        () => Unary("GetCarePolicy", _policies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = Pick($"tenants/{_sentinel}/carePolicy", HostileName(""), $"tenants/{_sentinel}/carePolicies"), Version = Pick(0L, -1L, 1L, long.MaxValue) }, deadline: Deadline())),

        // The scratch tenant: the care flow with random values; anything but UNKNOWN, INTERNAL or a hang.
        ScratchFlowAsync,
        ScratchFlowAsync,
        ScratchSettingsAsync,
        ScratchPolicyAsync,

        // Streams.
        IngestStreamAsync,
        WatchAsync,

        // Bytes that are not well-formed requests at all.
        RawAsync,
        RawAsync,
        RawAsync,
    ];

    private async Task ScratchFlowAsync()
    {
        var conversation = _scratchConversations.Count > 0 && _random.Next(3) > 0 ? _scratchConversations[_random.Next(_scratchConversations.Count)] : null;
        if (conversation is null)
        {
            var mention = _random.Next(4) == 0 ? BadMention(_scratch) : Mention(_scratch, "fan-" + _random.Next(40), AnyText());
            var receipt = await Unary("IngestMention", _ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, deadline: Deadline()));
            if (receipt is not null)
            {
                _scratchConversations.Add(receipt.Conversation);
            }

            return;
        }

        var agent = Pick("jd", "kim", "sam", BadId());
        switch (_random.Next(7))
        {
            case 0:
                await Unary("ClaimConversation", _conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversation, AgentId = agent }, deadline: Deadline()));
                break;
            case 1:
                await Unary("PostReply", _conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = agent, Text = AnyText(), Signature = Pick("", "^JD", Hostile()), Visibility = Pick(Wire.Visibility.Public, Wire.Visibility.Private), RequestId = Pick("", "r" + _random.Next(20)) }, deadline: Deadline()));
                break;
            case 2:
                await Unary("AddNote", _conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = conversation, AgentId = agent, Text = AnyText() }, deadline: Deadline()));
                break;
            case 3:
                await Unary("Escalate", _conversations.EscalateAsync(new Wire.EscalateRequest { Name = conversation, AgentId = agent, TeamId = Pick("first-line", "second-line", "legal", "pr", "nowhere"), Note = AnyText() }, deadline: Deadline()));
                break;
            case 4:
                await Unary("ResolveConversation", _conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation, AgentId = agent, Note = Pick("", AnyText()) }, deadline: Deadline()));
                break;
            case 5:
                await Unary("ReopenConversation", _conversations.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = conversation, AgentId = agent, Note = Pick("", AnyText()) }, deadline: Deadline()));
                break;
            default:
                await Unary("GetConversation", _conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation }, deadline: Deadline()));
                break;
        }
    }

    private async Task ScratchSettingsAsync()
    {
        var settings = _random.Next(2) == 0 ? BadSettings() : new Wire.Tenant { TenantId = _scratch, DisplayName = AnyText(), ReopenWindow = Duration.FromTimeSpan(TimeSpan.FromHours(_random.Next(0, 48))) };
        settings.TenantId = _scratch;
        settings.Version = 0;
        await Unary("UpdateTenant", _admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = settings }, deadline: Deadline()));
    }

    /// <summary>The scratch tenant's policy saved with random rules, mostly valid: later scratch mentions are then judged by them.</summary>
    private async Task ScratchPolicyAsync()
    {
        var policy = new Wire.CarePolicy();
        for (var i = _random.Next(4); i > 0; i--)
        {
            policy.Rules.Add(_random.Next(5) == 0 ? BadPolicyRule() : AnyPolicyRule());
        }

        await Unary("UpdateCarePolicy", _policies.UpdateCarePolicyAsync(new Wire.UpdateCarePolicyRequest { Name = $"tenants/{_scratch}/carePolicy", CarePolicy = policy }, deadline: Deadline()));
    }

    /// <summary>A rule a save may accept: any conditions, actions within their bounds, a fresh id.</summary>
    private Wire.PolicyRule AnyPolicyRule() => new()
    {
        RuleId = "r" + _random.Next(1_000_000).ToString(CultureInfo.InvariantCulture),
        Description = Pick("", "VIPs first", "😀"),
        When = new Wire.PolicyConditions
        {
            Channels = { Pick(Wire.Channel.X, Wire.Channel.Facebook, Wire.Channel.Whatsapp) },
            Keywords = { Pick("refund", "bag", "Ça") },
            Languages = { Pick("en", "fr") },
            Position = Pick(Wire.MessagePosition.Unspecified, Wire.MessagePosition.Opening, Wire.MessagePosition.FollowUp),
            BusinessHours = Pick(Wire.BusinessHoursCondition.Unspecified, Wire.BusinessHoursCondition.Closed),
        },
        Then = new Wire.PolicyActions
        {
            SetPriority = Pick(Wire.Priority.Unspecified, Wire.Priority.Urgent, Wire.Priority.Low),
            RaisePriority = _random.Next(-3, 4),
            RouteToTeam = Pick("", "first-line", "legal"),
            Tags = { Pick("vip", "press") },
            RequireApproval = Pick(true, false),
        },
        Continue = Pick(true, false),
    };

    /// <summary>A rule every save must refuse, naming its field.</summary>
    private Wire.PolicyRule BadPolicyRule()
    {
        var rule = AnyPolicyRule();
        switch (_random.Next(9))
        {
            case 0: rule.RuleId = Pick("", "Has Spaces", "nul\0inside", "../../etc/passwd", "-leading", new string('r', 64)); break;
            case 1: rule.Then.RouteToTeam = Pick("nowhere", "LEGAL", Hostile()); break;
            case 2: rule.Then.RaisePriority = Pick(4, -4, int.MaxValue, int.MinValue); break;
            case 3: rule.Then.SetPriority = (Wire.Priority)(5 + _random.Next(100)); break;
            case 4: rule.When.Channels.Add((Wire.Channel)(8 + _random.Next(100))); break;
            case 5: rule.When.Languages.Add(Pick("english", "EN", "", Hostile())); break;
            case 6: rule.When.MinComplaintConfidence = Pick(-0.1, 1.5, double.NaN, double.PositiveInfinity); break;
            case 7: rule.Then.Tags.Add(Pick("Not A Tag", "", "<script>alert(1)</script>", new string('t', 51))); break;
            default: rule.When.Keywords.Add(Pick("", " ", new string('k', 101))); break;
        }

        return rule;
    }

    private async Task IngestStreamAsync()
    {
        using var call = _ingest.IngestMentions(deadline: Deadline());
        var sent = _random.Next(1, 12);
        for (var i = 0; i < sent; i++)
        {
            var request = new Wire.IngestMentionsRequest
            {
                CorrelationId = _random.Next(8) == 0 ? Pick("", Hostile()) : i.ToString(CultureInfo.InvariantCulture),
                Mention = _random.Next(2) == 0 ? BadMention(Pick(_sentinel, _scratch)) : Mention(_scratch, "streamer-" + _random.Next(30), AnyText()),
            };
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        try
        {
            var answered = 0;
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                answered++;
                var response = call.ResponseStream.Current;
                var code = response.OutcomeCase == Wire.IngestMentionsResponse.OutcomeOneofCase.Rejected ? (StatusCode)response.Rejected.Code : StatusCode.OK;
                Count("IngestMentions item", code);
            }

            if (answered != sent)
            {
                _findings.Add($"IngestMentions answered {answered} of {sent} mentions");
            }

            Count("IngestMentions", StatusCode.OK);
        }
        catch (RpcException ex)
        {
            Count("IngestMentions", ex.StatusCode);
        }
    }

    private async Task WatchAsync()
    {
        var parent = Pick($"tenants/{_scratch}", $"tenants/{_scratch}/teams/legal", HostileName("teams"), "");
        using var cancel = new CancellationTokenSource(CallBound);
        using var call = _queues.WatchQueue(new Wire.WatchQueueRequest { Parent = parent }, deadline: Deadline(), cancellationToken: cancel.Token);
        try
        {
            // The first event says the watch is in place; that is all this needs to see.
            await call.ResponseStream.MoveNext(cancel.Token);
            Count("WatchQueue", StatusCode.OK);
        }
        catch (RpcException ex)
        {
            Count("WatchQueue", ex.StatusCode);
        }
    }

    private async Task RawAsync()
    {
        var (path, message) = RawBase();
        var bytes = message.ToByteArray();
        byte[] body;
        string? encoding = null;
        switch (_random.Next(8))
        {
            case 0:
                body = RawGrpc.Frame(Flip(bytes));
                break;
            case 1:
                body = RawGrpc.Frame(bytes[..Math.Max(0, bytes.Length - 1 - _random.Next(Math.Max(1, bytes.Length)))]);
                break;
            case 2:
                body = RawGrpc.Frame(RandomBytes(_random.Next(1, 64)));
                break;
            case 3:
                body = RawGrpc.Frame(InvalidUtf8(bytes));
                break;
            case 4:
                body = RawGrpc.Frame(bytes, declaredLength: bytes.Length + 1 + _random.Next(1000));
                break;
            case 5:
                body = [.. RawGrpc.Frame(bytes), .. RawGrpc.Frame(bytes)];
                break;
            case 6:
                body = RawGrpc.Frame(bytes, compressed: true);
                encoding = Pick<string?>(null, "gzip", "deflate", "snappy");
                break;
            default:
                body = RandomBytes(_random.Next(0, 8));
                break;
        }

        _requests++;
        try
        {
            var status = await _raw.SendAsync(path, body, encoding).WaitAsync(CallBound);
            if (status.Grpc is not { } code)
            {
                _hangs++;
                _findings.Add($"raw {path}: no grpc-status (HTTP {(int)status.Http})");
                return;
            }

            Record($"raw {path}", (StatusCode)code, status.Message);
        }
        catch (Exception ex) when (ex is TimeoutException or TaskCanceledException or HttpRequestException)
        {
            _hangs++;
            _findings.Add($"raw {path}: {ex.GetType().Name} {ex.Message}");
        }
    }

    /// <summary>A valid request of a random method to mutate; none of them names the sentinel, so no mutation can touch it.</summary>
    private (string Path, IMessage Message) RawBase()
    {
        var scratchConversation = $"tenants/{_scratch}/conversations/{_random.Next(1000)}";
        return _random.Next(14) switch
        {
            0 => ("/socialcare.v1.IngestService/IngestMention", new Wire.IngestMentionRequest { Mention = Mention(_scratch, "raw-" + _random.Next(10), "Raw hello") }),
            1 => ("/socialcare.v1.IngestService/IngestMentions", new Wire.IngestMentionsRequest { CorrelationId = "1", Mention = Mention(_scratch, "raw-" + _random.Next(10), "Raw hello") }),
            2 => ("/socialcare.v1.QueueService/ListQueue", new Wire.ListQueueRequest { Parent = $"tenants/{_scratch}", PageSize = 5 }),
            // A tenant that does not exist: a watch that a mutation left valid would never end.
            3 => ("/socialcare.v1.QueueService/WatchQueue", new Wire.WatchQueueRequest { Parent = "tenants/raw-no-such-tenant" }),
            4 => ("/socialcare.v1.QueueService/GetWaitEstimate", new Wire.GetWaitEstimateRequest { Parent = $"tenants/{_scratch}" }),
            5 => ("/socialcare.v1.ConversationService/GetConversation", new Wire.GetConversationRequest { Name = scratchConversation }),
            6 => ("/socialcare.v1.ConversationService/ListConversationMessages", new Wire.ListConversationMessagesRequest { Parent = scratchConversation }),
            7 => ("/socialcare.v1.ConversationService/ClaimConversation", new Wire.ClaimConversationRequest { Name = scratchConversation, AgentId = "raw" }),
            8 => ("/socialcare.v1.ConversationService/PostReply", new Wire.PostReplyRequest { Name = scratchConversation, AgentId = "raw", Text = "hi" }),
            9 => ("/socialcare.v1.ConversationService/AddNote", new Wire.AddNoteRequest { Name = scratchConversation, AgentId = "raw", Text = "hi" }),
            10 => ("/socialcare.v1.ConversationService/Escalate", new Wire.EscalateRequest { Name = scratchConversation, AgentId = "raw", TeamId = "legal", Note = "hi" }),
            11 => ("/socialcare.v1.AdminService/UpdateTenant", new Wire.UpdateTenantRequest { Tenant = new Wire.Tenant { TenantId = "raw-" + _random.Next(10) } }),
            12 => ("/socialcare.v1.CustomerService/LinkIdentity", new Wire.LinkIdentityRequest { Name = $"tenants/{_scratch}/customers/x", Channel = Wire.Channel.X, NetworkUserId = "1" }),
            _ => ("/socialcare.v1.AdminService/GetTenant", new Wire.GetTenantRequest { Name = $"tenants/{_scratch}" }),
        };
    }

    private async Task<T?> Unary<T>(string method, AsyncUnaryCall<T> call)
        where T : class
    {
        using (call)
        {
            try
            {
                var response = await call.ResponseAsync;
                Count(method, StatusCode.OK);
                return response;
            }
            catch (RpcException ex)
            {
                _requests++;
                Record(method, ex.StatusCode, ex.Status.Detail);
                return null;
            }
        }
    }

    private void Count(string method, StatusCode code)
    {
        _requests++;
        Record(method, code, "");
    }

    private void Record(string method, StatusCode code, string detail)
    {
        _lastMethod = $"{method} -> {code} {Cut(detail)}";
        var key = code.ToString();
        _statuses[key] = _statuses.GetValueOrDefault(key) + 1;
        if (code is StatusCode.Unknown or StatusCode.Internal)
        {
            _unknownInternal++;
            _findings.Add($"{method}: {code} {Cut(detail)}");
        }
        else if (code == StatusCode.DeadlineExceeded)
        {
            _hangs++;
            _findings.Add($"{method}: ran into its deadline");
        }
    }

    private Wire.Mention BadMention(string tenant)
    {
        var mention = Mention(tenant, "bad-" + _random.Next(20), "A mention");
        switch (_random.Next(13))
        {
            case 0: mention.Text = BadText(); break;
            case 1: mention.NetworkMessageId = BadId(); break;
            case 2: mention.Author = null; break;
            case 3: mention.Author.NetworkUserId = BadId(); break;
            case 4: mention.Author.Handle = Pick(new string('h', 257), "@a\u0001b", "a\0b"); break;
            case 5: mention.Author.DisplayName = Pick(new string('d', 300), "Ann\0"); break;
            case 6: mention.Channel = Pick(Wire.Channel.Unspecified, (Wire.Channel)(20 + _random.Next(100))); break;
            case 7: mention.Visibility = (Wire.Visibility)(3 + _random.Next(100)); break;
            case 8: mention.CreateTime = Pick(new Timestamp { Seconds = 253_402_300_800L }, new Timestamp { Seconds = -62_135_596_801L }, new Timestamp { Seconds = 1, Nanos = -1 }, new Timestamp { Seconds = 1, Nanos = 1_000_000_000 }); break;
            case 9: mention.Author.FollowerCount = -1 - _random.Next(1000); break;
            case 10: mention.ThreadId = BadOptionalId(); break;
            case 11: mention.InReplyToId = BadOptionalId(); break;
            default: mention.TenantId = Pick(Hostile(), "Sentinel", ""); break;
        }

        return mention;
    }

    /// <summary>Settings for the sentinel that the contract refuses, each broken in one way.</summary>
    private Wire.Tenant BadSettings()
    {
        var tenant = _sentinelSettings.Clone();
        tenant.Version = 0;
        switch (_random.Next(12))
        {
            case 0: tenant.ReopenWindow = new Duration { Seconds = 60, Nanos = 1_000_000_000 }; break;
            case 1: tenant.SlaPolicy.Targets[_random.Next(tenant.SlaPolicy.Targets.Count)].Resolution = new Duration { Seconds = 315_576_000_000 }; break;
            case 2: tenant.SlaPolicy.Targets[0].FirstResponse = new Duration { Seconds = 5, Nanos = -1 }; break;
            case 3:
                tenant.Calendar = new Wire.BusinessCalendar { TimeZone = Pick("America", "Europe/", "right", "posix", "../../etc/passwd", "Mars/Base", Hostile()) };
                tenant.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "09:00", CloseTime = "17:00" });
                break;
            case 4:
                tenant.Calendar = new Wire.BusinessCalendar { TimeZone = "Europe/Amsterdam" };
                tenant.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "09:00", CloseTime = "09:01" });
                break;
            case 5:
                tenant.Calendar = new Wire.BusinessCalendar { TimeZone = "Europe/Amsterdam" };
                tenant.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "09:00", CloseTime = "10:00" });
                tenant.Calendar.Holidays.AddRange(Enumerable.Range(0, 1_001).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                break;
            case 6: tenant.Teams.Remove(tenant.Teams.Single(t => t.TeamId == "first-line")); break;
            case 7: tenant.Version = _sentinelSettings.Version + 1 + _random.Next(10); break;
            case 8: tenant.DefaultTeamId = Pick("nowhere", "Bad Team", "legal\0"); break;
            case 9: tenant.Teams.Add(new Wire.Team { TeamId = Pick("first-line", "Bad Team", "", "team\0") }); break;
            case 10: tenant.DisplayName = Pick(new string('n', 300), "Brand\0"); break;
            default:
                tenant.Calendar = new Wire.BusinessCalendar { TimeZone = "UTC" };
                tenant.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = Pick("9am", "25:00", "17:00", Hostile()), CloseTime = Pick("17:00", "09:00", "24:01") });
                break;
        }

        return tenant;
    }

    private static Wire.Mention Mention(string tenant, string author, string text) => new()
    {
        TenantId = tenant,
        Channel = Wire.Channel.X,
        NetworkMessageId = Guid.NewGuid().ToString("N"),
        Author = new Wire.Author { NetworkUserId = author, Handle = $"@{author}", DisplayName = author, FollowerCount = 42 },
        Text = text,
    };

    /// <summary>Targets that fall due months away, so nothing of the sentinel changes while the run lasts.</summary>
    private static Wire.SlaPolicy FarPolicy() => SlaPolicies.Uniform(TimeSpan.FromDays(200), TimeSpan.FromDays(200), TimeSpan.FromDays(300));

    /// <summary>Text the contract refuses everywhere: blank, over 10,000 characters, or holding NUL.</summary>
    private string BadText() => _random.Next(5) switch
    {
        0 => "",
        1 => " \t\n ",
        2 => new string('x', 10_001 + _random.Next(60_000)),
        3 => "before\0after",
        _ => string.Concat(Enumerable.Repeat("é", 10_001)),
    };

    /// <summary>An optional note the contract refuses: present, but over 10,000 characters or holding NUL (blank means "no note").</summary>
    private string BadOptionalText() => _random.Next(3) switch
    {
        0 => new string('x', 10_001 + _random.Next(60_000)),
        1 => "before\0after",
        _ => string.Concat(Enumerable.Repeat("é", 10_001)),
    };

    /// <summary>Not even a public reply on X can carry these.</summary>
    private string BadReplyText() => _random.Next(2) == 0 ? BadText() : new string('a', 281 + _random.Next(500));

    /// <summary>An id the contract refuses: empty, over 256 characters, or with control characters.</summary>
    /// <summary>An agent id no caller may act as; an empty one is not among them, since it means "the caller".</summary>
    private string BadAgentId() => BadId() is { Length: > 0 } id ? id : "   ";

    private string BadId() => _random.Next(5) switch
    {
        0 => "",
        1 => new string('i', 257 + _random.Next(70_000)),
        2 => "a\0b",
        3 => "line\nbreak",
        _ => "   ",
    };

    /// <summary>An optional id the contract refuses: present, but over 256 characters or with control characters.</summary>
    private string BadOptionalId() => _random.Next(3) switch
    {
        0 => new string('i', 257 + _random.Next(70_000)),
        1 => "a\0b",
        _ => "tab\there",
    };

    /// <summary>Any text, valid or not.</summary>
    private string AnyText() => _random.Next(3) == 0 ? Hostile() : Pick("Where is my bag?", "Thanks!", "😀 great service 👍", "Ça ne marche pas. Remboursez-moi.", "東京行きの便がキャンセルされました");

    private string Hostile() => _random.Next(16) switch
    {
        0 => "",
        1 => " ",
        2 => new string('a', 10_001),
        3 => new string('b', 70_000),
        4 => "nul\0inside",
        5 => "\u0001\u0002\u001b[31m",
        6 => "\u202Eevil",
        7 => "../../etc/passwd",
        8 => "tenants/x/conversations/y",
        9 => "' OR 1=1 --",
        10 => "<script>alert(1)</script>",
        11 => "%00%ff",
        12 => string.Concat(Enumerable.Repeat("e\u0301", 5_000)),
        13 => string.Concat(Enumerable.Repeat("👩‍👩‍👧‍👦", 400)),
        14 => "2147483648",
        _ => Guid.NewGuid().ToString("N"),
    };

    private string HostileName(string collection) => _random.Next(5) switch
    {
        0 => Hostile(),
        1 => $"tenants/{Hostile()}",
        2 => $"tenants/{_scratch}/{collection}/{Hostile()}",
        3 => $"tenants/{_scratch}/{collection}/",
        _ => $"tenants//{collection}/x/y",
    };

    private int HostileInt() => Pick(0, -1, 1, 501, int.MaxValue, int.MinValue, 50);

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private byte[] Flip(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = 0; i < 1 + _random.Next(4) && copy.Length > 0; i++)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return copy;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The message with a byte of a string turned into a lone surrogate's UTF-8-like encoding (not UTF-8).</summary>
    private byte[] InvalidUtf8(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        var letters = Enumerable.Range(0, copy.Length).Where(i => copy[i] is >= (byte)'a' and <= (byte)'z').ToList();
        if (letters.Count == 0)
        {
            return copy;
        }

        copy[letters[_random.Next(letters.Count)]] = Pick<byte>(0xC0, 0xED, 0xFF, 0x80);
        return copy;
    }

    public void Dispose() => _raw.Dispose();

    private static DateTime Deadline() => DateTime.UtcNow + CallBound;

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200];
}
