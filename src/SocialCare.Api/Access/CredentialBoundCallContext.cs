using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace SocialCare.Api.Access;

/// <summary>
/// The call's context as a long-lived call's service sees it: everything is the call's own, but
/// its cancellation also fires when the caller's credential lapses (<see cref="CredentialWatch"/>),
/// so every stream ends the way it ends when the client leaves, with no code of its own.
/// </summary>
internal sealed class CredentialBoundCallContext : ServerCallContext
{
    /// <summary>Where grpc-dotnet finds the HttpContext of a context it did not create (GetHttpContext's fallback).</summary>
    private const string HttpContextKey = "__HttpContext";

    private readonly ServerCallContext _call;
    private readonly CancellationToken _cancellation;

    public CredentialBoundCallContext(ServerCallContext call, HttpContext http, CancellationToken cancellation)
    {
        _call = call;
        _cancellation = cancellation;
        call.UserState[HttpContextKey] = http;
    }

    protected override string MethodCore => _call.Method;

    protected override string HostCore => _call.Host;

    protected override string PeerCore => _call.Peer;

    protected override DateTime DeadlineCore => _call.Deadline;

    protected override Metadata RequestHeadersCore => _call.RequestHeaders;

    protected override CancellationToken CancellationTokenCore => _cancellation;

    protected override Metadata ResponseTrailersCore => _call.ResponseTrailers;

    protected override Status StatusCore
    {
        get => _call.Status;
        set => _call.Status = value;
    }

    protected override WriteOptions? WriteOptionsCore
    {
        get => _call.WriteOptions;
        set => _call.WriteOptions = value;
    }

    protected override AuthContext AuthContextCore => _call.AuthContext;

    protected override IDictionary<object, object> UserStateCore => _call.UserState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => _call.CreatePropagationToken(options);

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => _call.WriteResponseHeadersAsync(responseHeaders);
}
