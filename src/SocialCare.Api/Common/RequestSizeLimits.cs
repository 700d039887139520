using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Api.Access;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Common;

/// <summary>
/// Decides how much of a request the host reads, from its headers alone: a call that needs a
/// credential and brings none (or a bad one) is answered UNAUTHENTICATED before a byte of its
/// body is read; a request message is read only up to what its RPC accepts from its caller (a
/// training export, <see cref="CareApiExtensions.MaxTrainingExportBytes"/>, only from an admin
/// calling TrainTriageModel; <see cref="CareApiExtensions.MaxRequestBytes"/> otherwise), and one
/// announcing more is answered RESOURCE_EXHAUSTED naming both sizes. Kestrel's own body limit is
/// set to the same number, so the documented limit is the one that holds. Client streams are left
/// to the gate and to grpc's per-message limit: they are not one body, and their messages come later.
/// </summary>
public static class RequestSizeLimits
{
    private const string TrainTriageModel = "/socialcare.v1.AdminService/TrainTriageModel";

    /// <summary>A gRPC message's prefix: a compressed flag and a 4-byte big-endian length.</summary>
    private const int PrefixBytes = 5;

    /// <summary>Adds the check; call after authentication and before the gRPC endpoints.</summary>
    public static IApplicationBuilder UseSocialCareRequestLimits(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
                || AccessRules.Find(context.Request.Path.Value ?? "") is not { } rule
                || rule.Scope == RpcScope.Anonymous
                || rule.ReadsAStream)
            {
                await next(context);
                return;
            }

            CareCaller caller;
            try
            {
                caller = context.RequestServices.GetRequiredService<AccessGate>().Authenticate(context);
            }
            catch (RpcException refused)
            {
                Answer(context, refused.StatusCode, refused.Status.Detail);
                return;
            }

            var trains = rule.Method == TrainTriageModel && caller.Has(CareRoles.Admin);
            var allowed = trains ? CareApiExtensions.MaxTrainingExportBytes : CareApiExtensions.MaxRequestBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            {
                bodyLimit.MaxRequestBodySize = allowed + PrefixBytes;
            }

            if (await AnnouncedLengthAsync(context) is { } announced && announced > allowed)
            {
                Answer(context, StatusCode.ResourceExhausted, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The request message is {announced:N0} bytes; {rule.Method[(rule.Method.LastIndexOf('/') + 1)..]} accepts at most {allowed:N0} bytes{(rule.Method == TrainTriageModel ? " (a training export, from an admin)" : "")}."));
                return;
            }

            await next(context);
        });

    /// <summary>The length the request's first message announces, read without consuming it; null when the body ends first.</summary>
    private static async Task<long?> AnnouncedLengthAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var read = await reader.ReadAtLeastAsync(PrefixBytes, context.RequestAborted);
        try
        {
            if (read.Buffer.Length < PrefixBytes)
            {
                return null;
            }

            Span<byte> prefix = stackalloc byte[PrefixBytes];
            read.Buffer.Slice(0, PrefixBytes).CopyTo(prefix);
            return BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        }
        finally
        {
            // Nothing consumed: the gRPC handler reads the message from its first byte.
            reader.AdvanceTo(read.Buffer.Start);
        }
    }

    /// <summary>A trailers-only gRPC answer: the status in the response headers, no body.</summary>
    private static void Answer(HttpContext context, StatusCode code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
