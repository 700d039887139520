namespace SocialCare.Domain.Audit;

/// <summary>An entry as stored in its tenant's chain: its place, and the hashes that link it.</summary>
/// <param name="Sequence">1 for a tenant's first entry, then one more for each.</param>
/// <param name="PreviousHash">The chain's hash before this entry (<see cref="AuditChain.Genesis"/> for the first).</param>
/// <param name="Hash"><see cref="AuditChain.Link"/> of <paramref name="PreviousHash"/> and the entry's digest.</param>
[GenerateSerializer, Immutable]
public sealed record AuditedEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AuditEntry Entry,
    [property: Id(2)] byte[] PreviousHash,
    [property: Id(3)] byte[] Hash);
