namespace SocialCare.Api.Limits;

/// <summary>What a call spends: each budget has its own buckets per caller and per tenant.</summary>
public enum RateBudget
{
    Ingest,
    Replies,
}
