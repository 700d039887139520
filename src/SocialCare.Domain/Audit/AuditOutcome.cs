namespace SocialCare.Domain.Audit;

/// <summary>Whether the action happened or was refused (who tried what is recorded either way).</summary>
public enum AuditOutcome
{
    Succeeded = 0,
    Denied = 1,
}
