using System.Globalization;
using System.Text;
using System.Xml;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using WellKnownTypes = Google.Protobuf.WellKnownTypes;

namespace SocialCare.Contracts.Brands;

/// <summary>
/// How a brand file writes the API's values so people can read and write them: enum values by
/// their short name ("first-line" for TEAM_TIER_FIRST_LINE, the full name is accepted too),
/// durations as "90s", "15m", "4h", "1h30m" or "2d" (ISO 8601 "PT4H" and protobuf JSON's "3600s"
/// are accepted too), and which of the API's fields the server fills in (output only).
/// </summary>
public static class BrandValues
{
    /// <summary>
    /// Fields the server sets (read back by `tenant get`, ignored in a file that holds them): a
    /// brand file states what the brand wants, not what the server recorded. Tenant.version is
    /// not among them: in a file it asks for optimistic concurrency.
    /// </summary>
    private static readonly HashSet<string> OutputOnlyFields = new(StringComparer.Ordinal)
    {
        "socialcare.v1.Tenant.name",
        "socialcare.v1.Tenant.create_time",
        "socialcare.v1.Tenant.update_time",
        "socialcare.v1.Tenant.triage_models",
        "socialcare.v1.SavedReply.version",
        "socialcare.v1.SavedReply.update_time",
        "socialcare.v1.SavedReply.updated_by",
        "socialcare.v1.SavedReply.history",
        "socialcare.v1.SavedReply.name",
        "socialcare.v1.SavedReply.variables",
    };

    public static bool IsOutputOnly(FieldDescriptor field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return OutputOnlyFields.Contains(field.FullName);
    }

    /// <summary>A copy of <paramref name="message"/> without what the server fills in (and without Tenant.version): what a brand file can state.</summary>
    public static T Stated<T>(T message)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        var copy = message.Clone();
        Strip(copy);
        if (copy is V1.Tenant tenant)
        {
            tenant.Version = 0;
        }

        return copy;
    }

    private static void Strip(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (IsOutputOnly(field))
            {
                field.Accessor.Clear(message);
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                var value = field.Accessor.GetValue(message);
                if (field.IsRepeated)
                {
                    foreach (var item in ((System.Collections.IEnumerable)value).OfType<IMessage>())
                    {
                        Strip(item);
                    }
                }
                else if (value is IMessage inner)
                {
                    Strip(inner);
                }
            }
        }
    }

    /// <summary>Whether a field holds nothing a brand file needs to write: null, empty text, false, zero, the unspecified value.</summary>
    public static bool IsUnset(FieldDescriptor field, object? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        return value switch
        {
            null => true,
            string s => s.Length == 0,
            bool b => !b,
            IMessage => false,
            _ when field.FieldType == FieldType.Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) == 0,
        };
    }

    /// <summary>
    /// A value other than text or a message as a brand file writes it: a duration as "1h30m", a
    /// time in ISO 8601 UTC, an enum value by its short name, true/false, numbers round-trippable.
    /// </summary>
    public static string ScalarText(FieldDescriptor field, object value)
    {
        ArgumentNullException.ThrowIfNull(field);
        return value switch
        {
            WellKnownTypes.Duration duration => DurationText(duration.ToTimeSpan()),
            WellKnownTypes.Timestamp time => time.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            _ when field.FieldType == FieldType.Enum => field.EnumType.FindValueByNumber(Convert.ToInt32(value, CultureInfo.InvariantCulture)) is { } named
                ? ShortName(named)
                : Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };
    }

    /// <summary>"first-line" for TEAM_TIER_FIRST_LINE of enum TeamTier.</summary>
    public static string ShortName(EnumValueDescriptor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var prefix = Prefix(value.EnumDescriptor);
        var name = value.Name.StartsWith(prefix, StringComparison.Ordinal) ? value.Name[prefix.Length..] : value.Name;
        return name.ToLowerInvariant().Replace('_', '-');
    }

    /// <summary>The value named by its short or full name, in any case, with '-' or '_'; never the unspecified value.</summary>
    public static EnumValueDescriptor? FindEnumValue(EnumDescriptor type, string text)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(text);
        var wanted = text.Trim().Replace('-', '_').ToUpperInvariant();
        var prefix = Prefix(type);
        return type.Values.FirstOrDefault(v => v.Number != 0 && (v.Name == wanted || v.Name == prefix + wanted));
    }

    /// <summary>The short names of an enum's values, for an error that lists the choices.</summary>
    public static IEnumerable<string> ShortNames(EnumDescriptor type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Values.Where(v => v.Number != 0).Select(ShortName);
    }

    /// <summary>The values' prefix by the protobuf style guide: the enum's name in upper snake case ("TEAM_TIER_").</summary>
    private static string Prefix(EnumDescriptor type)
    {
        var prefix = new StringBuilder();
        foreach (var c in type.Name)
        {
            if (char.IsUpper(c) && prefix.Length > 0)
            {
                prefix.Append('_');
            }

            prefix.Append(char.ToUpperInvariant(c));
        }

        return prefix.Append('_').ToString();
    }

    /// <summary>"1d2h30m", "45s", "1.5s", "0s": the largest whole units first.</summary>
    public static string DurationText(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            text.Append('-');
            duration = duration.Duration();
        }

        if (duration.Days > 0)
        {
            text.Append(duration.Days.ToString(CultureInfo.InvariantCulture)).Append('d');
        }

        if (duration.Hours > 0)
        {
            text.Append(duration.Hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (duration.Minutes > 0)
        {
            text.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (decimal)TimeSpan.TicksPerSecond);
        if (seconds > 0)
        {
            text.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }

    /// <summary>Reads "90s", "15m", "4h", "1h30m", "2d", "1.5s", "250ms", and ISO 8601 ("PT4H", "P1D").</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        var s = text.Trim();
        var negative = s.StartsWith('-');
        if (negative)
        {
            s = s[1..];
        }

        if (s.StartsWith('P'))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(s);
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        else if (!TryParseUnits(s, out duration))
        {
            return false;
        }

        duration = negative ? duration.Negate() : duration;
        return true;
    }

    private static bool TryParseUnits(string s, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var i = 0;
        decimal ticks = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            decimal unit;
            if (string.CompareOrdinal(s, i, "ms", 0, 2) == 0)
            {
                unit = TimeSpan.TicksPerMillisecond;
                i += 2;
            }
            else if (i < s.Length)
            {
                unit = s[i] switch
                {
                    'd' => TimeSpan.TicksPerDay,
                    'h' => TimeSpan.TicksPerHour,
                    'm' => TimeSpan.TicksPerMinute,
                    's' => TimeSpan.TicksPerSecond,
                    _ => 0,
                };
                i++;
            }
            else
            {
                unit = 0;
            }

            if (unit == 0)
            {
                return false;
            }

            // Compared before multiplying: a decimal overflows near 7.9e28, long before a silly amount of days.
            if (amount > TimeSpan.MaxValue.Ticks / unit)
            {
                return false;
            }

            ticks += amount * unit;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return s.Length > 0;
    }
}
