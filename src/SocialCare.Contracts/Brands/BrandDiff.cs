using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace SocialCare.Contracts.Brands;

/// <summary>One setting that differs: Before null when it is added, After null when it is removed.</summary>
public sealed record BrandChange(string Setting, string? Before, string? After)
{
    public override string ToString() => (Before, After) switch
    {
        (null, _) => $"+ {Setting}: {After}",
        (_, null) => $"- {Setting}: {Before}",
        _ => $"~ {Setting}: {Before} -> {After}",
    };
}

/// <summary>
/// What applying a brand file would change: both tenants flattened to one line per setting, as
/// the file writes them. Items of a list are named by their id where they have one
/// ("teams[legal].display_name", "sla_policy.targets[urgent].first_response"), so adding a team
/// shows as that team added rather than as every later team shifted.
/// </summary>
public static class BrandDiff
{
    public static IReadOnlyList<BrandChange> Between(V1.Tenant before, V1.Tenant after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = Flatten(BrandValues.Stated(before));
        var next = Flatten(BrandValues.Stated(after));
        var changes = new List<BrandChange>();
        foreach (var (setting, value) in old)
        {
            if (!next.TryGetValue(setting, out var now))
            {
                changes.Add(new BrandChange(setting, value, null));
            }
            else if (now != value)
            {
                changes.Add(new BrandChange(setting, value, now));
            }
        }

        changes.AddRange(next.Where(n => !old.ContainsKey(n.Key)).Select(n => new BrandChange(n.Key, null, n.Value)));
        // Each setting's changes together, in the file's order (OrderBy keeps the order within one).
        var order = V1.Tenant.Descriptor.Fields.InDeclarationOrder().Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        return changes.OrderBy(c => order.GetValueOrDefault(Section(c.Setting), int.MaxValue)).ToList();
    }

    /// <summary>The top-level settings a list of changes touches ("teams", "sla_policy"), in order.</summary>
    public static IReadOnlyList<string> Sections(IEnumerable<BrandChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Select(c => Section(c.Setting)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Section(string setting) => setting.Split('.', '[')[0];

    private static Dictionary<string, string> Flatten(IMessage tenant)
    {
        // Insertion order is kept by Dictionary while nothing is removed: lines come out in the file's order.
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        AddMessage(lines, tenant, "");
        return lines;
    }

    private static void AddMessage(Dictionary<string, string> lines, IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                foreach (var key in map.Keys.Cast<object>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)!).Order(StringComparer.Ordinal))
                {
                    AddValue(lines, field.MessageType.FindFieldByNumber(2), map[key]!, $"{path}[{key}]");
                }
            }
            else if (field.IsRepeated)
            {
                var items = ((IList)value).Cast<object>().ToList();
                var keys = ItemKeys(field, items);
                for (var i = 0; i < items.Count; i++)
                {
                    AddValue(lines, field, items[i], $"{path}[{keys[i]}]");
                }
            }
            else if (!BrandValues.IsUnset(field, value))
            {
                AddValue(lines, field, value, path);
            }
        }
    }

    private static void AddValue(Dictionary<string, string> lines, FieldDescriptor field, object value, string path)
    {
        if (field.FieldType == FieldType.Message && value is IMessage inner && value is not Duration && value is not Timestamp)
        {
            AddMessage(lines, inner, path);
            return;
        }

        lines[path] = Text(field, value);
    }

    /// <summary>
    /// An item's name in a path: its first field when that is an id or a choice (a team's id, a
    /// target's priority) and no other item shares it; otherwise its place in the list.
    /// </summary>
    private static List<string> ItemKeys(FieldDescriptor field, List<object> items)
    {
        var byPlace = Enumerable.Range(0, items.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        if (field.FieldType != FieldType.Message)
        {
            return byPlace;
        }

        var first = field.MessageType.Fields.InDeclarationOrder().FirstOrDefault();
        if (first is null || first.IsRepeated || first.FieldType is not (FieldType.String or FieldType.Enum))
        {
            return byPlace;
        }

        var keys = items.Select(item => Text(first, first.Accessor.GetValue((IMessage)item))).ToList();
        return keys.All(k => k.Length > 0) && keys.Distinct(StringComparer.Ordinal).Count() == keys.Count ? keys : byPlace;
    }

    /// <summary>A setting's value on its line: text quoted as JSON when it spans lines, is empty or has edge spaces, so a line shows it whole.</summary>
    private static string Text(FieldDescriptor field, object value) => value is string s
        ? s.Contains('\n', StringComparison.Ordinal) || s.Length == 0 || s.Trim() != s ? System.Text.Json.JsonSerializer.Serialize(s) : s
        : BrandValues.ScalarText(field, value);
}
