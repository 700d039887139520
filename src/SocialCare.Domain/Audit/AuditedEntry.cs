namespace SocialCare.Domain.Audit;

/// <summary>An entry as stored: where it is listed, its place in its lane's chain, and the hashes that link it.</summary>
/// <param name="Position">Its order in the tenant's trail as listed and exported: increasing, with gaps.</param>
/// <param name="Lane">
/// Which of the tenant's chains it is linked in. A tenant has a few lanes so that writers on
/// several silos append at once instead of queueing for one chain head (see V006).
/// </param>
/// <param name="Sequence">1 for a lane's first entry, then one more for each: a gap is a removed entry.</param>
/// <param name="PreviousHash">The lane's hash before this entry (<see cref="AuditChain.Genesis"/> for the first).</param>
/// <param name="Hash"><see cref="AuditChain.Link"/> of <paramref name="PreviousHash"/> and the entry's digest.</param>
[GenerateSerializer, Immutable]
public sealed record AuditedEntry(
    [property: Id(0)] long Position,
    [property: Id(1)] int Lane,
    [property: Id(2)] long Sequence,
    [property: Id(3)] AuditEntry Entry,
    [property: Id(4)] byte[] PreviousHash,
    [property: Id(5)] byte[] Hash);
