namespace SocialCare.Api.Common;

/// <summary>Reading proto3 fields, whose unset strings arrive as "".</summary>
public static class ProtoFields
{
    /// <summary>An optional string field: null when the client left it unset.</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>A request's `version` for optimistic concurrency: 0 is "whatever is current" (null); a negative one is refused.</summary>
    public static long? ExpectedVersion(long version) =>
        version switch
        {
            0 => null,
            < 0 => throw Domain.Errors.CareException.Invalid("version", "must be 0 (any) or the version you read."),
            _ => version,
        };

    /// <summary>An optional id field (a team's): null when empty, else checked as an id.</summary>
    public static string? OptionalSlug(string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        Domain.Tenants.Identifiers.RequireSlug(field, value);
        return value;
    }
}
