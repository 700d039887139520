using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using SocialCare.Api.Access;
using SocialCare.Domain.Access;
using SocialCare.Domain.Guardrails;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Api.Guardrails;

/// <summary>
/// What an agent working away from the office (token location <c>remote</c>) receives has its
/// personal data masked ("•••• 1111"): card numbers, IBANs, e-mails, phones and the tenant's own
/// identifiers, in every field that can carry a customer's words (texts, previews, notes,
/// rejection reasons) and every customer identifier that is a phone number (WhatsApp's ids and
/// handles), of every response, streamed or not (<see cref="RedactedFields"/>). Stored
/// text is never changed; office callers see it whole. Done on the way out for every RPC at once,
/// so a new read RPC cannot forget it.
/// </summary>
public sealed class RemoteRedaction(IGrainFactory grains) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var response = await continuation(request, context);
        if (await PatternsForAsync(request, context) is { } patterns && response is IMessage message)
        {
            Redact(message, patterns);
        }

        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var patterns = await PatternsForAsync(request, context);
        await continuation(request, patterns is null ? responseStream : new RedactingWriter<TResponse>(responseStream, patterns), context);
    }

    /// <summary>Null for callers who see everything; otherwise the tenant's identifier patterns (possibly none).</summary>
    private async Task<IReadOnlyList<TenantIdentifierPattern>?> PatternsForAsync(object request, ServerCallContext context)
    {
        if (AccessGate.TryCallerOf(context)?.Location != AgentLocation.Remote)
        {
            return null;
        }

        var tenantOf = AccessRules.Find(context.Method)?.TenantOf;
        if (tenantOf is null || request is not IMessage message)
        {
            return [];
        }

        var settings = await grains.GetCareGrain<ITenantGrain>(tenantOf(message).TenantId).GetAsync();
        return settings?.Guardrails.Identifiers ?? [];
    }

    /// <summary>
    /// Masks, anywhere in <paramref name="message"/>, the fields <see cref="RedactedFields"/> says
    /// carry a customer's words or identity.
    /// </summary>
    internal static void Redact(IMessage message, IReadOnlyList<TenantIdentifierPattern> patterns)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                continue;
            }

            if (field.FieldType == FieldType.String)
            {
                Func<string, string>? mask = RedactedFields.Words.Contains(field.FullName) ? text => PersonalData.Redact(text, patterns)
                    : RedactedFields.CustomerIdentifiers.Contains(field.FullName) ? text => PersonalData.RedactIdentifier(text, patterns)
                    : null;
                if (mask is null)
                {
                    continue;
                }

                if (field.IsRepeated)
                {
                    var texts = (IList<string>)field.Accessor.GetValue(message);
                    for (var i = 0; i < texts.Count; i++)
                    {
                        texts[i] = mask(texts[i]);
                    }
                }
                else if (field.Accessor.GetValue(message) is string { Length: > 0 } text)
                {
                    field.Accessor.SetValue(message, mask(text));
                }

                continue;
            }

            if (field.FieldType == FieldType.Double && RedactedFields.Coordinates.Contains(field.FullName))
            {
                field.Accessor.SetValue(message, Math.Round((double)field.Accessor.GetValue(message), 1));
                continue;
            }

            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated && value is System.Collections.IEnumerable items)
            {
                foreach (var item in items.OfType<IMessage>())
                {
                    Redact(item, patterns);
                }
            }
            else if (value is IMessage child)
            {
                Redact(child, patterns);
            }
        }
    }

    private sealed class RedactingWriter<T>(IServerStreamWriter<T> inner, IReadOnlyList<TenantIdentifierPattern> patterns) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        // The services write with a cancellation token; the interface's default for this overload refuses one.
        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            if (message is IMessage proto)
            {
                Redact(proto, patterns);
            }

            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
