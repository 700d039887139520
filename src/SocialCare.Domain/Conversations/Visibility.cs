namespace SocialCare.Domain.Conversations;

public enum Visibility
{
    Public = 1,
    Private = 2,
}
