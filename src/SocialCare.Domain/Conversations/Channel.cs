namespace SocialCare.Domain.Conversations;

public enum Channel
{
    X = 1,
    Facebook = 2,
    Instagram = 3,
    Messenger = 4,
    WhatsApp = 5,
    Email = 6,
    WebChat = 7,
}
