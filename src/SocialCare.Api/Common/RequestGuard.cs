using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;

namespace SocialCare.Api.Common;

/// <summary>
/// The bounds every request meets before any other work, whatever its method: no string longer
/// than any field's limit could allow, no NUL character (PostgreSQL cannot store one, so the
/// in-memory profile refuses it too and both behave alike), no repeated field with more items
/// than any list of the contract needs. The documented per-field limits are checked afterwards
/// by the mapping of each request; this pass makes sure nothing oversized reaches it.
/// </summary>
public static class RequestGuard
{
    /// <summary>The most items any repeated field of a request may hold.</summary>
    public const int MaxRepeatedItems = 1_000;

    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> Checked = new();

    /// <exception cref="CareException">INVALID_ARGUMENT naming the first field out of bounds.</exception>
    public static void Check(IMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FindViolation(request, depth: 0) is { } violation)
        {
            throw CareException.Invalid(violation.Field, violation.Problem);
        }
    }

    private static (string Field, string Problem)? FindViolation(IMessage message, int depth)
    {
        foreach (var field in FieldsToCheck(message.Descriptor))
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var items = (IList)value;
                if (items.Count > MaxRepeatedItems)
                {
                    return (field.Name, $"has {items.Count} items; no list in a request may hold more than {MaxRepeatedItems}.");
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (Inspect(items[i], depth) is { } inner)
                    {
                        return ($"{field.Name}[{i}]{Join(inner.Field)}", inner.Problem);
                    }
                }
            }
            else if (Inspect(value, depth) is { } inner)
            {
                return (field.Name + Join(inner.Field), inner.Problem);
            }
        }

        return null;
    }

    /// <summary>A string's problem (with an empty field path), a nested message's first problem, or null.</summary>
    private static (string Field, string Problem)? Inspect(object? value, int depth) => value switch
    {
        string text when text.Length > ConversationLimits.MaxTextCodeUnits =>
            ("", $"is {text.Length} UTF-16 code units; no string in a request may exceed {ConversationLimits.MaxTextCodeUnits}."),
        string text when text.Contains('\0', StringComparison.Ordinal) =>
            ("", "must not contain NUL characters (U+0000)."),
        // The contract nests a few levels at most; the bound keeps a hostile descriptor from recursing deep.
        IMessage nested when depth < 16 => FindViolation(nested, depth + 1),
        _ => null,
    };

    private static string Join(string inner) => inner.Length == 0 ? "" : "." + inner;

    /// <summary>The fields worth looking at (strings, messages, lists), found once per message type.</summary>
    private static FieldDescriptor[] FieldsToCheck(MessageDescriptor descriptor) =>
        Checked.GetOrAdd(descriptor, static d =>
            [.. d.Fields.InFieldNumberOrder().Where(f => !f.IsMap && (f.IsRepeated || f.FieldType is FieldType.String or FieldType.Message))]);
}
