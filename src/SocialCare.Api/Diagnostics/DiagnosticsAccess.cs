using SocialCare.Api.Access;

namespace SocialCare.Api.Diagnostics;

/// <summary>Ping measures the bare gRPC path, so it asks for nothing.</summary>
internal static class DiagnosticsAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Anonymous(Wire.DiagnosticsService.Descriptor, "Ping"),
    ];
}
