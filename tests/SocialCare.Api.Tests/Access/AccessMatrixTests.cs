using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;
using Xunit.Abstractions;

namespace SocialCare.Api.Tests.Access;

/// <summary>
/// Every RPC x every role x (own tenant, another tenant, no credential), against the real host,
/// with the expected status computed from <see cref="AccessRules"/>: the matrix is the
/// declaration, so it cannot drift from what the code enforces.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccessMatrixTests(ApiFixture api, ITestOutputHelper output)
{
    private static readonly CareRoles[] EachRole =
        [CareRoles.Connector, CareRoles.Agent, CareRoles.Supervisor, CareRoles.Admin, CareRoles.Auditor, CareRoles.Operator];

    /// <summary>Every method the host serves: the contract's services, health and reflection.</summary>
    private static IEnumerable<MethodDescriptor> ServedMethods() =>
        typeof(Wire.AuthService).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Wire.AuthService).Namespace && t.IsClass && t.IsAbstract && t.IsSealed)
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<ServiceDescriptor>()
            .Append(Grpc.Health.V1.Health.Descriptor)
            .Append(Grpc.Reflection.V1Alpha.ServerReflection.Descriptor)
            .Append(Grpc.Reflection.V1.ServerReflection.Descriptor)
            .SelectMany(s => s.Methods);

    private static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    [Fact]
    public void Every_served_method_has_an_access_rule_and_every_rule_a_served_method()
    {
        var served = ServedMethods().Select(PathOf).ToHashSet(StringComparer.Ordinal);
        Assert.True(served.Count > 25, $"only {served.Count} methods were found; the contract's services were not discovered.");
        Assert.DoesNotContain(served, m => AccessRules.Find(m) is null);
        Assert.DoesNotContain(AccessRules.All, r => !served.Contains(r.Method));
    }

    [Fact]
    public async Task Every_rpc_answers_each_role_on_its_own_and_another_tenant_exactly_as_declared()
    {
        var own = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var requests = new MatrixRequests(api);
        var mismatches = new List<string>();
        var checkedCalls = 0;
        foreach (var method in ServedMethods())
        {
            var rule = AccessRules.Find(PathOf(method))!;
            foreach (var role in EachRole)
            {
                using var channel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject($"matrix-{role}".ToLowerInvariant(), [own], role))));
                foreach (var (tenant, isOwn) in new[] { (own, true), (other, false) })
                {
                    var expected = Expected(rule, role, isOwn);
                    var (code, detail, response) = await RawCall.InvokeAsync(channel, method, await requests.ForAsync(method.Name, tenant));
                    code = StreamedRejection(method, code, response) ?? code;
                    checkedCalls++;
                    if (code != expected)
                    {
                        mismatches.Add($"{PathOf(method)} as {role} on {(isOwn ? "its own" : "another")} tenant: {code} ({detail}), expected {expected}");
                    }
                }
            }
        }

        output.WriteLine($"{checkedCalls} calls checked against {AccessRules.All.Count} rules");
        mismatches.ForEach(output.WriteLine);
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Every_rpc_without_a_credential_is_unauthenticated_unless_declared_anonymous()
    {
        var tenant = await api.NewTenantAsync();
        var requests = new MatrixRequests(api);
        using var anonymous = api.ChannelFor(null);
        var mismatches = new List<string>();
        foreach (var method in ServedMethods())
        {
            var rule = AccessRules.Find(PathOf(method))!;
            var expected = rule.Scope == RpcScope.Anonymous ? StatusCode.OK : StatusCode.Unauthenticated;
            var (code, detail, _) = await RawCall.InvokeAsync(anonymous, method, await requests.ForAsync(method.Name, tenant));
            if (code != expected)
            {
                mismatches.Add($"{PathOf(method)} without a credential: {code} ({detail}), expected {expected}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Another_tenants_resources_are_answered_exactly_as_a_tenant_that_does_not_exist()
    {
        var own = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        const string Missing = "nowhere-at-all";
        var requests = new MatrixRequests(api);
        var everyRole = CareRoles.Connector | CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor | CareRoles.Operator;
        using var channel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject("matrix-all", [own], everyRole))));
        var compared = 0;
        foreach (var method in ServedMethods().Where(m => AccessRules.Find(PathOf(m))!.Scope == RpcScope.Tenant && !m.IsClientStreaming))
        {
            var foreign = await RawCall.InvokeAsync(channel, method, await requests.ForAsync(method.Name, other));
            // A request naming a missing tenant: the other tenant's request with the tenant id swapped.
            var missingRequest = await requests.ForAsync(method.Name, other);
            var rewritten = method.InputType.Parser.ParseJson(Google.Protobuf.JsonFormatter.Default.Format(missingRequest).Replace(other, Missing, StringComparison.Ordinal));
            var missing = await RawCall.InvokeAsync(channel, method, rewritten);
            Assert.Equal(StatusCode.NotFound, foreign.Code);
            Assert.Equal((missing.Code, missing.Detail), (foreign.Code, foreign.Detail.Replace(other, Missing, StringComparison.Ordinal)));
            compared++;
        }

        Assert.True(compared > 15, $"only {compared} RPCs were compared");
    }

    /// <summary>
    /// RPCs that name a conversation, a delivery or a queue: a caller limited to other teams than the
    /// one holding it is refused. Every other RPC may answer, but never with those conversations' words.
    /// </summary>
    private static readonly HashSet<string> TeamBound = new(StringComparer.Ordinal)
    {
        "GetConversation", "ListConversationMessages", "ClaimConversation", "AssignConversation", "PostReply", "ApproveReply",
        "RejectReply", "RequestRetraction", "AddNote", "CorrectTriage", "Escalate", "ResolveConversation", "ReopenConversation",
        "ListQueue", "WatchQueue", "GetWaitEstimate", "GetDelivery", "SearchKnowledge",
    };

    /// <summary>Words only the matrix's conversations carry (customers' messages, replies, notes).</summary>
    private static readonly string[] ConversationWords =
        ["My card was charged twice.", "Same problem here.", "Refund on its way.", "We will look into the charge.", "Where is my parcel?"];

    [Fact]
    public async Task A_caller_limited_to_one_team_reads_nothing_of_another_teams_conversations_on_any_rpc()
    {
        // Every conversation the sample requests open lands with legal; the callers work first-line only.
        var tenant = await api.NewTenantAsync(t => t.DefaultTeamId = "legal");
        var requests = new MatrixRequests(api);
        var mismatches = new List<string>();
        var checkedCalls = 0;
        foreach (var role in new[] { CareRoles.Agent, CareRoles.Supervisor, CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor })
        {
            using var channel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject($"first-liner-{(int)role}", [tenant], role, ["first-line"]))));
            foreach (var method in ServedMethods())
            {
                var rule = AccessRules.Find(PathOf(method))!;
                if (rule.Scope != RpcScope.Tenant || (rule.Roles & role) == 0)
                {
                    continue;
                }

                var (code, detail, response) = await RawCall.InvokeAsync(channel, method, await requests.ForAsync(method.Name, tenant));
                checkedCalls++;
                if (TeamBound.Contains(method.Name) && code != StatusCode.PermissionDenied)
                {
                    mismatches.Add($"{method.Name} as {role} limited to first-line, on a legal conversation: {code} ({detail}), expected PermissionDenied");
                }

                var text = response is null ? "" : System.Text.Encoding.UTF8.GetString(response);
                if (ConversationWords.FirstOrDefault(w => text.Contains(w, StringComparison.Ordinal)) is { } leaked)
                {
                    mismatches.Add($"{method.Name} as {role} limited to first-line answered a legal conversation's words: \"{leaked}\"");
                }
            }
        }

        output.WriteLine($"{checkedCalls} team-limited calls checked");
        mismatches.ForEach(output.WriteLine);
        Assert.True(checkedCalls > 40, $"only {checkedCalls} calls were checked");
        Assert.Empty(mismatches);
    }

    private static StatusCode Expected(RpcAccess rule, CareRoles role, bool ownTenant) => rule.Scope switch
    {
        RpcScope.Anonymous or RpcScope.AnyCaller => StatusCode.OK,
        _ when (rule.Roles & role) == 0 => StatusCode.PermissionDenied,
        RpcScope.Deployment => StatusCode.OK,
        _ => ownTenant ? StatusCode.OK : StatusCode.NotFound,
    };

    /// <summary>
    /// The ingest stream answers a refused mention in its response rather than in the call's
    /// status; the matrix reads that answer as the status.
    /// </summary>
    private static StatusCode? StreamedRejection(MethodDescriptor method, StatusCode code, byte[]? response) =>
        method.Name == "IngestMentions" && code == StatusCode.OK && response is not null
            ? Wire.IngestMentionsResponse.Parser.ParseFrom(response).Rejected is { } rejected ? (StatusCode)rejected.Code : StatusCode.OK
            : null;
}
