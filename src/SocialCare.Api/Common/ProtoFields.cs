namespace SocialCare.Api.Common;

/// <summary>Reading proto3 fields, whose unset strings arrive as "".</summary>
public static class ProtoFields
{
    /// <summary>An optional string field: null when the client left it unset.</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
