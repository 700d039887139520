using SocialCare.Domain.Customers;

namespace SocialCare.Grains.Customers;

[GenerateSerializer]
public sealed class CustomerState
{
    [Id(0)] public List<CustomerIdentity> Identities { get; set; } = [];
    [Id(1)] public List<ConversationReference> Conversations { get; set; } = [];
}
