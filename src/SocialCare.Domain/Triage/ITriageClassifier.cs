using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Triage;

/// <summary>Classifies a customer message by content and sender influence.</summary>
public interface ITriageClassifier
{
    TriageResult Classify(string text, AuthorProfile author);
}
