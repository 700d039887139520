namespace SocialCare.Domain.Queues;

public enum QueueChangeReason
{
    CustomerMessage = 1,
    Claimed = 2,
    Replied = 3,
    NoteAdded = 4,
    Escalated = 5,
    Resolved = 6,
    Reopened = 7,
    SlaBreached = 8,
    Assigned = 9,
    ReplySent = 10,
    ReplyFailed = 11,
    ApprovalRequested = 12,
    ReplyApproved = 13,
    ReplyRejected = 14,
    ApprovalEscalated = 15,
    TriageCorrected = 16,
    MessageChanged = 17,
    Released = 18,
}
