namespace SocialCare.Contracts.V1;

public sealed partial class DeleteTenantResponse
{
    /// <summary>What the deletion removed, in one line, by store name ("conversation_messages 40, conversations 12, ..."); "nothing was stored" when it removed nothing.</summary>
    public string RemovedText() =>
        Removed.Count == 0
            ? "nothing was stored"
            : string.Join(", ", Removed.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
}
