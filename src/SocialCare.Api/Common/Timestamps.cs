using Google.Protobuf.WellKnownTypes;
using SocialCare.Domain.Errors;

namespace SocialCare.Api.Common;

public static class Timestamps
{
    /// <summary>A client's timestamp, refused with the field's name when it is out of range or not normalised.</summary>
    public static DateTimeOffset ToDomain(this Timestamp timestamp, string field)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw CareException.Invalid(field, "is not a valid timestamp.");
        }
    }
}
