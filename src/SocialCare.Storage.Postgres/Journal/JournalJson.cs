using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// How journal rows are written: JSON with enum names, so operators and reports can query the
/// history in SQL, and a renamed C# type never strands a stored message.
/// </summary>
internal static class JournalJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
