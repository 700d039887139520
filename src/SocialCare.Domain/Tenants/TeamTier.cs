namespace SocialCare.Domain.Tenants;

public enum TeamTier
{
    FirstLine = 1,
    SecondLine = 2,
    /// <summary>A department outside the care desk: product, PR, sales, legal.</summary>
    Department = 3,
}
