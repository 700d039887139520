using Google.Protobuf;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tests.Limits;

/// <summary>How much of a request the host reads is decided from its headers: who calls, which RPC.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestSizeTests(ApiFixture api)
{
    private static Wire.UpdateTenantRequest UpdateOf(string tenant, int bytes) =>
        new() { Tenant = new Wire.Tenant { TenantId = tenant, DisplayName = new string('a', bytes) } };

    private static Wire.TrainTriageModelRequest TrainingOf(string tenant, int bytes) => new()
    {
        Parent = $"tenants/{tenant}",
        Task = Wire.TriageTask.Sentiment,
        Csv = ByteString.CopyFrom(new byte[bytes]),
        LabelColumn = "",
    };

    [Fact]
    public async Task A_large_body_without_a_credential_is_unauthenticated_and_never_read()
    {
        var tenant = await api.NewTenantAsync();
        using var anonymous = api.ChannelFor(null);

        var refused = await Expect.Fails(new Wire.AdminService.AdminServiceClient(anonymous).TrainTriageModelAsync(TrainingOf(tenant, 20_000_000)), StatusCode.Unauthenticated);

        Assert.Contains("credential", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_larger_than_its_rpc_accepts_is_resource_exhausted_naming_both_sizes()
    {
        var tenant = await api.NewTenantAsync();

        var tooLarge = await Expect.Fails(api.Admin.UpdateTenantAsync(UpdateOf(tenant, 1_000_000)), StatusCode.ResourceExhausted);

        Assert.Contains($"{CareApiExtensions.MaxRequestBytes:N0}", tooLarge.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("UpdateTenant", tooLarge.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_may_send_a_training_export_and_up_to_the_documented_limit_exactly()
    {
        var tenant = await api.NewTenantAsync();
        using var supervisorChannel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject("sue", [tenant], CareRoles.Supervisor))));
        var supervisor = new Wire.AdminService.AdminServiceClient(supervisorChannel);

        await Expect.Fails(supervisor.TrainTriageModelAsync(TrainingOf(tenant, 1_000_000)), StatusCode.ResourceExhausted);
        // Past Kestrel's default body limit (30,000,000 bytes) and under the documented one: read whole, then judged on its fields.
        var read = await Expect.Fails(api.Admin.TrainTriageModelAsync(TrainingOf(tenant, 31_000_000)), StatusCode.InvalidArgument);
        Assert.DoesNotContain("could not be read", read.Status.Detail, StringComparison.Ordinal);
        var over = await Expect.Fails(api.Admin.TrainTriageModelAsync(TrainingOf(tenant, CareApiExtensions.MaxTrainingExportBytes)), StatusCode.ResourceExhausted);
        Assert.Contains($"{CareApiExtensions.MaxTrainingExportBytes:N0}", over.Status.Detail, StringComparison.Ordinal);
    }
}
