namespace SocialCare.Domain.Queues;

public enum QueueChangeKind
{
    Added = 1,
    Updated = 2,
    Removed = 3,
}
