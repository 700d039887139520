namespace SocialCare.Domain.Approvals;

/// <summary>Where a reply that needed a supervisor's approval stands.</summary>
public enum ApprovalState
{
    /// <summary>Stored but not delivered: waiting for a supervisor.</summary>
    Pending = 1,

    /// <summary>A supervisor approved it; it went to the outbox then.</summary>
    Approved = 2,

    /// <summary>A supervisor rejected it (or its author withdrew it): never delivered; the conversation is back with its author.</summary>
    Rejected = 3,
}
