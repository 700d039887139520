using System.Text;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.SavedReplies;

/// <summary>
/// A saved reply's text with its variables ("Hi {customer.name}, ...") rendered on the server, so
/// every agent's answer says the same thing the same way. A variable is a dotted name in braces;
/// "{{" and "}}" write a brace. A variable with no value is an error naming it: a reply that says
/// "Hi {customer.name}" to a customer is worse than no reply.
/// </summary>
public static class SavedReplyTemplate
{
    public const int MaxVariableNameLength = 64;

    /// <summary>Prefixes of the variables the server fills in: a tenant's own variables may not use them.</summary>
    public static readonly IReadOnlyList<string> ServerPrefixes = ["customer.", "agent.", "conversation.", "wait."];

    public const int MaxTenantVariables = 100;

    /// <summary>Checks a tenant's own variables, with the API's field names under <paramref name="field"/>.</summary>
    public static void ValidateTenantVariables(string field, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count > MaxTenantVariables)
        {
            throw CareException.Invalid(field, $"has {variables.Count} variables; at most {MaxTenantVariables}.");
        }

        foreach (var (name, value) in variables)
        {
            if (!IsName(name))
            {
                throw CareException.Invalid($"{field}[{Echo.Quote(name)}]", "is not a variable name (letters, digits, '_' and dots between them, at most 64).");
            }

            if (ServerPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } reserved)
            {
                throw CareException.Invalid($"{field}[{name}]", $"names starting with \"{reserved}\" are filled in by the server.");
            }

            Text.FieldRules.Bounded($"{field}[{name}]", value, 1_000);
        }
    }

    /// <summary>The variables <paramref name="template"/> uses, in order of first use; a malformed template is refused naming <paramref name="field"/>.</summary>
    public static IReadOnlyList<string> Variables(string template, string field = "saved_reply")
    {
        var names = new List<string>();
        Walk(template, field, name =>
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }

            return "";
        });
        return names;
    }

    /// <summary>Renders <paramref name="template"/>; a variable missing from <paramref name="values"/> is INVALID_ARGUMENT naming it.</summary>
    /// <param name="field">The request field the template came from, for errors in the template itself.</param>
    public static string Render(string template, IReadOnlyDictionary<string, string> values, string field = "saved_reply")
    {
        ArgumentNullException.ThrowIfNull(values);
        var missing = new List<string>();
        var text = Walk(template, field, name =>
        {
            if (values.TryGetValue(name, out var value))
            {
                return value;
            }

            missing.Add(name);
            return "";
        });
        return missing.Count == 0
            ? text
            : throw CareException.Invalid("variables", $"the saved reply needs {string.Join(", ", missing.Distinct().Select(n => $"{{{n}}}"))}, which {(missing.Distinct().Count() == 1 ? "has" : "have")} no value here; give {(missing.Distinct().Count() == 1 ? "it" : "them")} in variables.");
    }

    /// <summary>
    /// The values the server knows for a reply on <paramref name="conversation"/>, under the given
    /// ones (which win): the customer's name and handle, how long they waited for the first
    /// response, and the conversation's reference.
    /// </summary>
    /// <param name="tenantDefaults">The tenant's own variables ("brand.name", "help.url"), beneath everything else.</param>
    public static Dictionary<string, string> ValuesFor(
        Conversation conversation,
        IReadOnlyDictionary<string, string> given,
        DateTimeOffset now,
        IReadOnlyDictionary<string, string>? tenantDefaults = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(given);
        var values = new Dictionary<string, string>(tenantDefaults ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["conversation.reference"] = conversation.ConversationId,
            ["wait.first_response"] = Waited((conversation.FirstResponseAt ?? now) - conversation.CycleStartedAt),
        };
        if (conversation.Author is { } author)
        {
            values["customer.handle"] = author.Handle;
            values["customer.name"] = string.IsNullOrWhiteSpace(author.DisplayName) ? author.Handle : author.DisplayName;
        }

        foreach (var (name, value) in given)
        {
            values[name] = value;
        }

        return values;
    }

    private static string Waited(TimeSpan wait) => wait.TotalMinutes switch
    {
        < 1 => "less than a minute",
        < 2 => "1 minute",
        < 120 => $"{(int)wait.TotalMinutes} minutes",
        < 48 * 60 => $"{(int)wait.TotalHours} hours",
        _ => $"{(int)wait.TotalDays} days",
    };

    private static string Walk(string template, string field, Func<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = new StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                text.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                text.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                var name = end < 0 ? "" : template[(i + 1)..end];
                if (!IsName(name))
                {
                    throw CareException.Invalid(field, $"has an unclosed or malformed variable at character {i + 1}: a variable is a dotted name in braces, such as {{customer.name}}; write {{{{ for a brace.");
                }

                text.Append(value(name));
                i = end;
            }
            else if (c == '}')
            {
                throw CareException.Invalid(field, $"has a stray '}}' at character {i + 1}; write }}}} for a brace.");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Letters, digits, '_' and dots between them: "customer.name", "wait.first_response", "voucher_code".</summary>
    public static bool IsName(string name) =>
        name.Length is > 0 and <= MaxVariableNameLength
        && name[0] != '.' && name[^1] != '.' && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');
}
