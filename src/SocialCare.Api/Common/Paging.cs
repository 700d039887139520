using SocialCare.Domain.Errors;

namespace SocialCare.Api.Common;

/// <summary>The page_size rule every List method shares: 0 means the default, anything else must be in range.</summary>
public static class Paging
{
    public const int MaxPageSize = 500;

    public static int PageSize(int requested, int defaultSize) => requested switch
    {
        0 => defaultSize,
        >= 1 and <= MaxPageSize => requested,
        _ => throw CareException.Invalid("page_size", $"must be between 1 and {MaxPageSize} (or 0 for {defaultSize}); got {requested}."),
    };
}
