using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;

namespace SocialCare.Api.Tests.Access;

/// <summary>
/// Calls any method of the contract by its descriptor, with the request as bytes, so one test can
/// walk every RPC. A stream counts as answered once its first message arrives.
/// </summary>
internal static class RawCall
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <returns>The status and, for OK, the first response's bytes.</returns>
    public static async Task<(StatusCode Code, string Detail, byte[]? Response)> InvokeAsync(GrpcChannel channel, MethodDescriptor method, IMessage request)
    {
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var grpcMethod = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, Bytes, Bytes);
        var invoker = channel.CreateCallInvoker();
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20));
        var body = request.ToByteArray();
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    return (StatusCode.OK, "", await invoker.AsyncUnaryCall(grpcMethod, null, options, body));
                case MethodType.ServerStreaming:
                {
                    using var call = invoker.AsyncServerStreamingCall(grpcMethod, null, options, body);
                    return await FirstAsync(call.ResponseStream);
                }

                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(grpcMethod, null, options);
                    try
                    {
                        await call.RequestStream.WriteAsync(body);
                        await call.RequestStream.CompleteAsync();
                    }
                    catch (RpcException)
                    {
                        // A refusal at the door (a role the stream needs) can end the call before the
                        // client's write goes out; the write then fails as CANCELLED, and the status
                        // the server answered is read from the response below.
                    }

                    return await FirstAsync(call.ResponseStream);
                }
            }
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Status.Detail, null);
        }
    }

    private static async Task<(StatusCode, string, byte[]?)> FirstAsync(IAsyncStreamReader<byte[]> responses) =>
        await responses.MoveNext() ? (StatusCode.OK, "", responses.Current) : (StatusCode.OK, "", null);
}
