using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SocialCare.Contracts.Brands;

/// <summary>
/// A tenant written as a brand file: what <see cref="BrandFile"/> reads back to the same tenant.
/// Only what is set is written (no empty lists, zeros or unset parts), in the API's field order,
/// without what the server fills in; map entries in name order, so the same tenant always reads
/// the same and a file kept in git changes only where the brand changed.
/// </summary>
public static partial class BrandYaml
{
    public static string Write(V1.Tenant tenant, string? header = null)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var document = new YamlDocument(MessageNode(tenant));
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                text.WriteLine(line.Length == 0 ? "#" : $"# {line}");
            }
        }

        new YamlStream(document).Save(text, assignAnchors: false);
        var written = text.ToString();
        // The stream ends its one document with "...", which a file kept by hand does not need.
        return written.EndsWith("...\n", StringComparison.Ordinal) ? written[..^4] : written;
    }

    private static YamlMappingNode MessageNode(IMessage message)
    {
        var node = new YamlMappingNode();
        foreach (var field in Ordered(message.Descriptor))
        {
            if (BrandValues.IsOutputOnly(field) || Value(message, field) is not { } value)
            {
                continue;
            }

            node.Add(new YamlScalarNode(field.Name), value);
        }

        return node;
    }

    /// <summary>Declaration order, but a tenant's version next to its id, where a reader looks for it first.</summary>
    private static IEnumerable<FieldDescriptor> Ordered(MessageDescriptor type)
    {
        var fields = type.Fields.InDeclarationOrder();
        if (type != V1.Tenant.Descriptor)
        {
            return fields;
        }

        var version = type.FindFieldByNumber(V1.Tenant.VersionFieldNumber);
        var id = type.FindFieldByNumber(V1.Tenant.TenantIdFieldNumber);
        return fields.Where(f => f != version).SelectMany(f => f == id ? new[] { f, version } : [f]);
    }

    private static YamlNode? Value(IMessage message, FieldDescriptor field)
    {
        var value = field.Accessor.GetValue(message);
        if (field.IsMap)
        {
            var map = (IDictionary)value;
            if (map.Count == 0)
            {
                return null;
            }

            var node = new YamlMappingNode();
            foreach (var key in map.Keys.Cast<object>().OrderBy(k => Convert.ToString(k, CultureInfo.InvariantCulture), StringComparer.Ordinal))
            {
                node.Add(Scalar(Convert.ToString(key, CultureInfo.InvariantCulture)!), Single(field.MessageType.FindFieldByNumber(2), map[key]!));
            }

            return node;
        }

        if (field.IsRepeated)
        {
            var items = ((IList)value).Cast<object>().ToList();
            return items.Count == 0 ? null : new YamlSequenceNode(items.Select(item => Single(field, item)));
        }

        return BrandValues.IsUnset(field, value) ? null : Single(field, value);
    }

    private static YamlNode Single(FieldDescriptor field, object value) => value switch
    {
        IMessage message and not Duration and not Timestamp => MessageNode(message),
        string text => Scalar(text),
        _ => Plain(BrandValues.ScalarText(field, value)),
    };

    private static YamlScalarNode Plain(string text) => new(text) { Style = ScalarStyle.Plain };

    /// <summary>
    /// Text as YAML writes text: several lines as a block, and quoted where it would otherwise
    /// read as something else (nothing, a list, a comment); the emitter quotes the rest as needed.
    /// </summary>
    private static YamlScalarNode Scalar(string text)
    {
        if (text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal) && !char.IsWhiteSpace(text[0]))
        {
            return new YamlScalarNode(text) { Style = ScalarStyle.Literal };
        }

        return new YamlScalarNode(text) { Style = ReadsAsOtherThanText(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };
    }

    /// <summary>
    /// Text that YAML tools would read as nothing, a number, a truth value, a date or a time when
    /// written plain (an account id "1700000000000000001" read as a number loses digits in
    /// JavaScript): quoted, so every reader of the file reads text.
    /// </summary>
    private static bool ReadsAsOtherThanText(string text) =>
        text.Length == 0 || NotText().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(~|null|true|false|yes|no|on|off|y|n|[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|\.inf|\.nan|0x[0-9a-fA-F]+|0o[0-7]+)|\d{1,4}[-:].*)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex NotText();
}
