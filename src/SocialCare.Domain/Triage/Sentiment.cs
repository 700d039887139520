namespace SocialCare.Domain.Triage;

public enum Sentiment
{
    Negative = 1,
    Neutral = 2,
    Positive = 3,
}
