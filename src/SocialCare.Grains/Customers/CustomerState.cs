using SocialCare.Domain.Customers;

namespace SocialCare.Grains.Customers;

[GenerateSerializer]
public sealed class CustomerState
{
    [Id(0)] public List<CustomerIdentity> Identities { get; set; } = [];
    [Id(1)] public List<ConversationReference> Conversations { get; set; } = [];
    /// <summary>Set when the last identity moved to another customer: where this person's record went.</summary>
    [Id(2)] public string? MergedInto { get; set; }
}
