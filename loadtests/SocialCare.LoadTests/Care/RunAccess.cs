using Grpc.Core;
using SocialCare.Contracts;

namespace SocialCare.LoadTests.Care;

/// <summary>
/// How a run gets in. Setting up (the run's tenant, its key) needs an operator: the token given
/// with --token, or on a development host a development token it hands out. The traffic itself
/// then runs with an API key made for the run, as a brand's connectors and consoles would, so
/// checking credentials is part of what is measured.
/// </summary>
internal static class RunAccess
{
    public const string AgentId = "load-tool";

    public static async Task<CareCredential> SetupCredentialAsync(Uri endpoint, string? token, TimeSpan timeout, CancellationToken cancellation)
    {
        if (!string.IsNullOrEmpty(token))
        {
            return CareCredential.Bearer(token);
        }

        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(endpoint);
        try
        {
            var issued = await new Wire.AuthService.AuthServiceClient(channel).IssueDevelopmentTokenAsync(
                new Wire.IssueDevelopmentTokenRequest
                {
                    TenantId = "*",
                    AgentId = AgentId,
                    Roles = { Wire.Role.Operator, Wire.Role.Admin },
                },
                deadline: DateTime.UtcNow + timeout,
                cancellationToken: cancellation);
            return CareCredential.Bearer(issued.Token);
        }
        catch (RpcException refused) when (refused.StatusCode == StatusCode.FailedPrecondition)
        {
            throw new RpcException(new Status(
                StatusCode.Unauthenticated,
                $"{refused.Status.Detail} Pass --token with a token holding the operator role (to create the run's tenant) and the admin role (to make its API key)."));
        }
    }

    /// <summary>An API key for the run's traffic: ingest, and the desk's agents (a supervisor key acts for each of them).</summary>
    public static async Task<CareCredential> RunKeyAsync(CareEndpoints setup, string tenantId, string runId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var created = await new Wire.AdminService.AdminServiceClient(setup.For(0)).CreateApiKeyAsync(
            new Wire.CreateApiKeyRequest
            {
                Parent = $"tenants/{tenantId}",
                ApiKey = new Wire.ApiKey
                {
                    DisplayName = $"Load run {runId}",
                    Roles = { Wire.Role.Connector, Wire.Role.Agent, Wire.Role.Supervisor },
                    AgentId = AgentId,
                },
            },
            deadline: setup.Deadline(),
            cancellationToken: cancellation);
        return CareCredential.ApiKey(created.Secret);
    }

    /// <summary>
    /// One API key per desk agent, holding only the agent role and acting as that agent. Agents
    /// share nothing but the tenant, as on a real desk: the deployment's per-caller limits (a
    /// caller's replies per second) then apply to each agent, not to the whole desk at once.
    /// </summary>
    public static async Task<IReadOnlyList<CareCredential>> AgentKeysAsync(CareEndpoints setup, string tenantId, string runId, int agents, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var keys = new CareCredential[agents];
        await Parallel.ForAsync(0, agents, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (i, ct) =>
        {
            var created = await new Wire.AdminService.AdminServiceClient(setup.For(0)).CreateApiKeyAsync(
                new Wire.CreateApiKeyRequest
                {
                    Parent = $"tenants/{tenantId}",
                    ApiKey = new Wire.ApiKey
                    {
                        DisplayName = $"Load run {runId} agent {i + 1}",
                        Roles = { Wire.Role.Agent },
                        AgentId = CareDesk.AgentName(i),
                    },
                },
                deadline: setup.Deadline(),
                cancellationToken: ct);
            keys[i] = CareCredential.ApiKey(created.Secret);
        }).ConfigureAwait(false);
        return keys;
    }
}
