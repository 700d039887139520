using System.Globalization;

namespace SocialCare.Domain.Audit;

/// <summary>
/// Where a tenant's stored chain begins: after the last entry retention removed (its sequence and
/// hash), or at the genesis. Retention removes whole segments of the oldest entries and records
/// the cut as an entry of the chain itself, so a start that no recorded cut explains is a break.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditStart([property: Id(0)] long Sequence, [property: Id(1)] byte[] Hash)
{
    public static AuditStart Genesis => new(0, AuditChain.Genesis.ToArray());

    /// <summary>The detail of a <see cref="AuditActions.RetentionCut"/> entry.</summary>
    public string CutDetail(long removed) =>
        string.Create(CultureInfo.InvariantCulture, $"through={Sequence} hash={Convert.ToHexStringLower(Hash)} removed={removed}");

    /// <summary>Whether a cut entry's detail names this start.</summary>
    public bool IsNamedBy(string cutDetail)
    {
        ArgumentNullException.ThrowIfNull(cutDetail);
        var parts = cutDetail.Split(' ');
        return parts.Length >= 2
            && parts[0] == string.Create(CultureInfo.InvariantCulture, $"through={Sequence}")
            && parts[1] == $"hash={Convert.ToHexStringLower(Hash)}";
    }
}
