namespace SocialCare.Api.Access;

/// <summary>
/// The standard services every gRPC client and load balancer expects to reach without a
/// credential: health checks and server reflection (it describes the contract, which is public).
/// </summary>
internal static class PlatformAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Anonymous(Grpc.Health.V1.Health.Descriptor, "Check"),
        RpcAccess.Anonymous(Grpc.Health.V1.Health.Descriptor, "Watch"),
        RpcAccess.Anonymous(Grpc.Reflection.V1Alpha.ServerReflection.Descriptor, "ServerReflectionInfo"),
        RpcAccess.Anonymous(Grpc.Reflection.V1.ServerReflection.Descriptor, "ServerReflectionInfo"),
    ];

}
