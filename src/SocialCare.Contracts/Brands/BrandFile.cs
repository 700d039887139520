using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SocialCare.Contracts.Brands;

/// <summary>Where in a brand file a setting was written (1-based, as editors count).</summary>
public readonly record struct FilePosition(int Line, int Column);

/// <summary>A brand file that cannot be read as a tenant. The message starts with "file:line:column:".</summary>
public sealed class BrandFileException : Exception
{
    public BrandFileException()
    {
    }

    public BrandFileException(string message)
        : base(message)
    {
    }

    public BrandFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// A brand's whole set-up in one YAML (or JSON) file: the API's Tenant message with its field
/// names ("sla_policy", "teams"), enum values by short name and durations as "4h" (see
/// <see cref="BrandValues"/>). Every setting read is remembered with its line, so an error, the
/// file's own or one the server names by field ("tenant.teams[2].team_id"), points at the line.
/// </summary>
public sealed class BrandFile
{
    /// <summary>A brand file is settings, not data: this bounds a file (and a YAML alias bomb) long before memory does.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private const int MaxNodes = 200_000;

    private const string Root = "tenant";

    private readonly Dictionary<string, FilePosition> _positions = new(StringComparer.Ordinal);
    private int _nodes;

    private BrandFile(string path)
    {
        Path = path;
        Tenant = new V1.Tenant();
    }

    /// <summary>The file's name as the user gave it, for messages.</summary>
    public string Path { get; }

    /// <summary>The tenant the file states; output-only fields the file held are left out.</summary>
    public V1.Tenant Tenant { get; }

    /// <summary>The version the file says the tenant must be at for a change to apply (from `tenant get`), or null.</summary>
    public long? Version => Tenant.Version == 0 ? null : Tenant.Version;

    public static BrandFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new BrandFileException($"{path}: no such file.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BrandFileException($"{path}: {ex.Message}", ex);
        }

        if (info.Length > MaxBytes)
        {
            throw new BrandFileException($"{path}: {info.Length:N0} bytes; a brand file is at most {MaxBytes:N0}.");
        }

        try
        {
            return Parse(path, File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BrandFileException($"{path}: {ex.Message}", ex);
        }
    }

    public static BrandFile Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var file = new BrandFile(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new BrandFileException($"{path}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {Reason(ex)}", ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new BrandFileException($"{path}: holds {stream.Documents.Count} documents; a brand file is one tenant.");
        }

        var root = stream.Documents[0].RootNode;
        file.ReadMessage(root, file.Tenant, Root);
        if (file.Tenant.TenantId.Length == 0)
        {
            throw new BrandFileException($"{file.At(root)}: tenant_id is required: the brand's id (lower-case letters, digits and '-').");
        }

        return file;
    }

    /// <summary>
    /// "file:line:column" of the setting a field path names, or of the nearest setting that holds
    /// it ("tenant.teams[3]" when the server names a team the file does not have), or the file.
    /// </summary>
    public string Locate(string? field)
    {
        var path = string.IsNullOrEmpty(field) ? "" : field.StartsWith(Root, StringComparison.Ordinal) ? field : $"{Root}.{field}";
        while (path.Length > 0)
        {
            if (_positions.TryGetValue(path, out var position))
            {
                return $"{Path}:{position.Line}:{position.Column}";
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut <= 0 ? "" : path[..cut];
        }

        return Path;
    }

    private void ReadMessage(YamlNode node, IMessage message, string path)
    {
        Count(node);
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, path, $"must be a mapping of settings (name: value), like {Example(message.Descriptor)}.");
        }

        var fields = message.Descriptor.Fields.InDeclarationOrder();
        var seen = new HashSet<FieldDescriptor>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            Count(keyNode);
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw Error(keyNode, path, "has a setting whose name is not text.");
            var field = fields.FirstOrDefault(f => f.Name == key || f.JsonName == key)
                ?? throw Error(keyNode, path, $"has no setting \"{key}\"{Suggestion(key, fields)}. Its settings: {string.Join(", ", fields.Where(f => !BrandValues.IsOutputOnly(f)).Select(f => f.Name))}.");
            var fieldPath = $"{path}.{field.Name}";
            if (!seen.Add(field))
            {
                throw Error(keyNode, fieldPath, "is set twice.");
            }

            _positions[fieldPath] = Position(keyNode);
            if (BrandValues.IsOutputOnly(field) || IsUnset(valueNode))
            {
                continue;
            }

            if (field.IsMap)
            {
                ReadMap(valueNode, field, message, fieldPath);
            }
            else if (field.IsRepeated)
            {
                Count(valueNode);
                if (valueNode is not YamlSequenceNode sequence)
                {
                    throw Error(valueNode, fieldPath, "must be a list (items on lines starting with \"- \", or [a, b]).");
                }

                var list = (IList)field.Accessor.GetValue(message);
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    var itemPath = $"{fieldPath}[{i}]";
                    _positions[itemPath] = Position(item);
                    list.Add(ReadValue(item, field, itemPath));
                }
            }
            else
            {
                field.Accessor.SetValue(message, ReadValue(valueNode, field, fieldPath));
            }
        }
    }

    private void ReadMap(YamlNode node, FieldDescriptor field, IMessage message, string path)
    {
        Count(node);
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, path, "must be a mapping (name: value).");
        }

        var valueField = field.MessageType.FindFieldByNumber(2);
        var map = (IDictionary)field.Accessor.GetValue(message);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            Count(keyNode);
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw Error(keyNode, path, "has a name that is not text.");
            var entryPath = $"{path}[\"{key}\"]";
            _positions[entryPath] = Position(keyNode);
            map[key] = ReadValue(valueNode, valueField, entryPath);
        }
    }

    private object ReadValue(YamlNode node, FieldDescriptor field, string path)
    {
        Count(node);
        if (field.FieldType == FieldType.Message)
        {
            if (field.MessageType.FullName == Duration.Descriptor.FullName)
            {
                var text = Scalar(node, path, "a duration such as 90s, 15m, 4h, 1h30m or 2d");
                return BrandValues.TryParseDuration(text, out var span)
                    ? Duration.FromTimeSpan(span)
                    : throw Error(node, path, $"\"{text}\" is not a duration; write it as 90s, 15m, 4h, 1h30m or 2d.");
            }

            if (field.MessageType.FullName == Timestamp.Descriptor.FullName)
            {
                var text = Scalar(node, path, "a time such as 2026-12-24T18:00:00Z");
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? Timestamp.FromDateTimeOffset(time)
                    : throw Error(node, path, $"\"{text}\" is not a time; write it as 2026-12-24T18:00:00Z (with a Z or an offset such as +01:00).");
            }

            var inner = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
            ReadMessage(node, inner, path);
            return inner;
        }

        var value = Scalar(node, path, Describe(field));
        switch (field.FieldType)
        {
            case FieldType.String:
                return value;
            case FieldType.Bool:
                return value.ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" => true,
                    "false" or "no" or "off" => false,
                    _ => throw Error(node, path, $"\"{value}\" is not true or false."),
                };
            case FieldType.Enum:
                var named = BrandValues.FindEnumValue(field.EnumType, value)
                    ?? throw Error(node, path, $"\"{value}\" is not one of: {string.Join(", ", BrandValues.ShortNames(field.EnumType))}.");
                return System.Enum.ToObject(field.EnumType.ClrType, named.Number);
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return int.TryParse(Digits(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i32) ? i32 : throw NotANumber(node, path, value);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return long.TryParse(Digits(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i64) ? i64 : throw NotANumber(node, path, value);
            case FieldType.UInt32 or FieldType.Fixed32:
                return uint.TryParse(Digits(value), NumberStyles.None, CultureInfo.InvariantCulture, out var u32) ? u32 : throw NotANumber(node, path, value);
            case FieldType.UInt64 or FieldType.Fixed64:
                return ulong.TryParse(Digits(value), NumberStyles.None, CultureInfo.InvariantCulture, out var u64) ? u64 : throw NotANumber(node, path, value);
            case FieldType.Double:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : throw NotANumber(node, path, value);
            case FieldType.Float:
                return float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f) ? f : throw NotANumber(node, path, value);
            default:
                throw Error(node, path, $"is a {field.FieldType} setting, which a brand file cannot hold.");
        }
    }

    /// <summary>Thousands written as 100_000 (YAML's own separator) read as 100000.</summary>
    private static string Digits(string value) => value.Replace("_", "", StringComparison.Ordinal);

    private BrandFileException NotANumber(YamlNode node, string path, string value) => Error(node, path, $"\"{value}\" is not a whole number in range.");

    private string Scalar(YamlNode node, string path, string expected) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, path, $"must be {expected}, not a {(node is YamlSequenceNode ? "list" : "mapping")}.");

    /// <summary>"name:" with nothing after it, "~" or "null" leave a setting unset; a quoted "null" is text.</summary>
    private static bool IsUnset(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    private static string Describe(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "text",
        FieldType.Bool => "true or false",
        FieldType.Enum => $"one of {string.Join(", ", BrandValues.ShortNames(field.EnumType))}",
        FieldType.Double or FieldType.Float => "a number",
        _ => "a whole number",
    };

    private static string Example(MessageDescriptor type)
    {
        var first = type.Fields.InDeclarationOrder().FirstOrDefault(f => !BrandValues.IsOutputOnly(f));
        return first is null ? "{}" : $"\"{first.Name}: ...\"";
    }

    private static string Suggestion(string key, IEnumerable<FieldDescriptor> fields)
    {
        var best = fields
            .Where(f => !BrandValues.IsOutputOnly(f))
            .Select(f => (f.Name, Distance: EditDistance(key.ToLowerInvariant(), f.Name)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, key.Length / 3) ? $" (did you mean \"{best.Name}\"?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private void Count(YamlNode node)
    {
        if (++_nodes > MaxNodes)
        {
            throw Error(node, Root, $"expands to more than {MaxNodes:N0} values (YAML aliases repeat what they name); a brand file is settings, not data.");
        }
    }

    private static FilePosition Position(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    private string At(YamlNode node) => $"{Path}:{node.Start.Line}:{node.Start.Column}";

    /// <summary>The setting's path without the API's "tenant." root, as the file writes it.</summary>
    private static string Setting(string path) => path == Root ? "the file" : path[(Root.Length + 1)..];

    private BrandFileException Error(YamlNode node, string path, string message) => new($"{At(node)}: {Setting(path)} {message}");

    /// <summary>YamlDotNet's message without the position it repeats (the error already starts with it).</summary>
    private static string Reason(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }
}
