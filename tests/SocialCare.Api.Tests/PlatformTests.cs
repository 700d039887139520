using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace SocialCare.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class PlatformTests(ApiFixture api)
{
    [Fact]
    public async Task Health_reports_serving()
    {
        var health = new Health.HealthClient(api.Channel);
        var response = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_care_services()
    {
        var reflection = new ServerReflection.ServerReflectionClient(api.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("socialcare.v1.IngestService", services);
        Assert.Contains("socialcare.v1.QueueService", services);
        Assert.Contains("socialcare.v1.ConversationService", services);
        Assert.Contains("socialcare.v1.AdminService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Ping_answers()
    {
        var diagnostics = new Wire.DiagnosticsService.DiagnosticsServiceClient(api.Channel);
        Assert.NotNull(await diagnostics.PingAsync(new Wire.PingRequest()));
    }
}
