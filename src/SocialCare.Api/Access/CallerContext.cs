using Grpc.Core;

namespace SocialCare.Api.Access;

public static class CallerContext
{
    /// <summary>The verified caller of this call (see <see cref="AccessGate"/>).</summary>
    public static CareCaller Caller(this ServerCallContext context) => AccessGate.CallerOf(context);
}
