namespace SocialCare.Domain.Tenants;

public enum AccountPurpose
{
    Support = 1,
    Marketing = 2,
}
