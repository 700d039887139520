using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using SocialCare.Contracts;

namespace SocialCare.Fuzzing;

/// <summary>
/// gRPC over HTTP/2 without a gRPC library: whatever bytes a test wants, framed or not, so that
/// malformed frames and messages reach the server exactly as a broken or hostile client sends them.
/// </summary>
public sealed class RawGrpc(string address, CareCredential credential) : IDisposable
{
    private readonly HttpClient _http = new(credential.Over(new SocketsHttpHandler())) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };

    /// <param name="path">"/socialcare.v1.IngestService/IngestMention".</param>
    public async Task<RawStatus> SendAsync(string path, byte[] body, string? encoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (encoding is not null)
        {
            request.Headers.Add("grpc-encoding", encoding);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var payload = await response.Content.ReadAsByteArrayAsync();
        var status = Value(response.TrailingHeaders, "grpc-status") ?? Value(response.Headers, "grpc-status");
        var message = Value(response.TrailingHeaders, "grpc-message") ?? Value(response.Headers, "grpc-message");
        return new RawStatus(response.StatusCode, status is null ? null : int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Uri.UnescapeDataString(message ?? ""), payload);
    }

    /// <summary>One length-prefixed message: the compressed flag, the length (big-endian), the bytes.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false, int? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? message.Length));
        message.CopyTo(frame, 5);
        return frame;
    }

    public void Dispose() => _http.Dispose();

    private static string? Value(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>What came back: the HTTP status, the gRPC status (null if none arrived), its message and the body.</summary>
public sealed record RawStatus(HttpStatusCode Http, int? Grpc, string Message, byte[] Body);
