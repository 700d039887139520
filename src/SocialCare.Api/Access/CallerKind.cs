namespace SocialCare.Api.Access;

/// <summary>How a caller proved who it is.</summary>
public enum CallerKind
{
    Person = 1,
    ApiKey = 2,
    Anonymous = 3,
}
