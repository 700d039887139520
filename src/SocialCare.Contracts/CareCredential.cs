using Grpc.Net.Client;

namespace SocialCare.Contracts;

/// <summary>
/// What a client sends to prove who it is: a person's bearer token or a machine's API key, as
/// request metadata on every call (see access.proto).
/// </summary>
public sealed record CareCredential(string Header, string Value)
{
    public static CareCredential Bearer(string token) => new("authorization", $"Bearer {token}");

    public static CareCredential ApiKey(string key) => new("x-api-key", key);

    /// <summary>A channel whose every call carries this credential, over <paramref name="handler"/> or a default one.</summary>
    public GrpcChannel Channel(string address, HttpMessageHandler? handler = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = Over(handler ?? new SocketsHttpHandler()) });

    /// <summary>
    /// Wraps a handler so each request carries the credential. Added per HTTP request rather than
    /// as gRPC call credentials, which Grpc.Net.Client sends only over TLS unless told otherwise.
    /// A call that brings its own credential in its metadata keeps it: one channel can then carry
    /// several callers (a console's agents each with their own key).
    /// </summary>
    public DelegatingHandler Over(HttpMessageHandler inner) => new CredentialHandler(this) { InnerHandler = inner };

    /// <summary>The credential as one call's metadata, for a call made as someone other than its channel's caller.</summary>
    public Grpc.Core.Metadata AsMetadata() => new() { { Header, Value } };

    private sealed class CredentialHandler(CareCredential credential) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Headers.Contains(credential.Header))
            {
                request.Headers.TryAddWithoutValidation(credential.Header, credential.Value);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
