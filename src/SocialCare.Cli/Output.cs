using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace SocialCare.Cli;

/// <summary>How a command's results are printed.</summary>
internal enum OutputMode
{
    /// <summary>Lines for people (and grep): each command's own wording.</summary>
    Text,

    /// <summary>Each answer the API gave, as one line of protobuf JSON, for scripts (jq).</summary>
    Json,

    /// <summary>Only the names of what the command made or found, one a line, for `$(socialcare ...)`.</summary>
    Quiet,
}

/// <summary>
/// The machine-readable forms are taken from the API's answers themselves, by an interceptor on
/// every call, rather than from each command's wording: every command has them, and a command
/// added later cannot forget them. In those forms the commands' text goes nowhere.
/// </summary>
internal static class Output
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(false));

    public static OutputMode Mode { get; private set; } = OutputMode.Text;

    /// <summary>Where answers go in the JSON and quiet forms: standard output as it was before the commands' text was silenced.</summary>
    private static TextWriter _results = Console.Out;

    public static void Use(OutputMode mode)
    {
        Mode = mode;
        if (mode != OutputMode.Text)
        {
            _results = Console.Out;
            Console.SetOut(TextWriter.Null);
        }
    }

    public static Interceptor Interceptor { get; } = new AnswerInterceptor();

    /// <summary>
    /// Shows an answer the command got through <see cref="CareClient.Steps"/> as its result, in
    /// the JSON and quiet forms (the text form is the command's own wording).
    /// </summary>
    public static void Result(IMessage message) => Answer(message);

    private static void Answer(IMessage message)
    {
        switch (Mode)
        {
            case OutputMode.Json:
                _results.WriteLine(Formatter.Format(message));
                break;
            case OutputMode.Quiet:
                foreach (var name in Names(message))
                {
                    _results.WriteLine(name);
                }

                // A secret the API shows once (a new API key's) follows the name: quiet must not lose it.
                if (message.Descriptor.FindFieldByName("secret") is { FieldType: FieldType.String, IsRepeated: false } secret
                    && secret.Accessor.GetValue(message) is string { Length: > 0 } shownOnce)
                {
                    _results.WriteLine(shownOnce);
                }

                break;
        }
    }

    /// <summary>
    /// What an answer names: its own "name" (or "conversation", the name of the conversation a
    /// mention reached), else that of the message it carries, else the names of the items it lists.
    /// </summary>
    internal static IEnumerable<string> Names(IMessage message)
    {
        if (OwnName(message) is { } own)
        {
            return [own];
        }

        foreach (var field in message.Descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message))
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated && value is System.Collections.IEnumerable items)
            {
                var names = items.OfType<IMessage>().Select(OwnName).OfType<string>().ToList();
                if (names.Count > 0)
                {
                    return names;
                }
            }
            else if (!field.IsRepeated && value is IMessage inner && OwnName(inner) is { } carried)
            {
                return [carried];
            }
        }

        return [];
    }

    private static string? OwnName(IMessage message)
    {
        foreach (var candidate in new[] { "name", "conversation" })
        {
            if (message.Descriptor.FindFieldByName(candidate) is { FieldType: FieldType.String, IsRepeated: false } field
                && field.Accessor.GetValue(message) is string { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    private sealed class AnswerInterceptor : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            return Mode == OutputMode.Text
                ? call
                : new AsyncUnaryCall<TResponse>(Shown(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            return Mode == OutputMode.Text
                ? call
                : new AsyncServerStreamingCall<TResponse>(new ShownStream<TResponse>(call.ResponseStream), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(context);
            return Mode == OutputMode.Text
                ? call
                : new AsyncDuplexStreamingCall<TRequest, TResponse>(call.RequestStream, new ShownStream<TResponse>(call.ResponseStream), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private static async Task<TResponse> Shown<TResponse>(Task<TResponse> response)
        {
            var answer = await response.ConfigureAwait(false);
            if (answer is IMessage message)
            {
                Answer(message);
            }

            return answer;
        }
    }

    private sealed class ShownStream<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var moved = await inner.MoveNext(cancellationToken).ConfigureAwait(false);
            if (moved && inner.Current is IMessage message)
            {
                Answer(message);
            }

            return moved;
        }
    }
}
