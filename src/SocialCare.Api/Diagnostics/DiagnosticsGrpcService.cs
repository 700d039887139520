using Grpc.Core;

namespace SocialCare.Api.Diagnostics;

/// <summary>The no-op RPC: the gRPC ceiling that benchmarks compare every other RPC with.</summary>
public sealed class DiagnosticsGrpcService : Wire.DiagnosticsService.DiagnosticsServiceBase
{
    private static readonly Task<Wire.PingResponse> Pong = Task.FromResult(new Wire.PingResponse());

    public override Task<Wire.PingResponse> Ping(Wire.PingRequest request, ServerCallContext context) => Pong;
}
