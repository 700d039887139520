using System.Globalization;

namespace SocialCare.Domain.Audit;

/// <summary>
/// A point in one lane of a tenant's chain: its sequence there and the hash at it. It says where a
/// lane's stored entries begin (after retention's last cut, or the genesis), where a lane ends now
/// (a head), or what an auditor noted earlier (an anchor).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditLaneHead([property: Id(0)] int Lane, [property: Id(1)] long Sequence, [property: Id(2)] byte[] Hash)
{
    public static AuditLaneHead Genesis(int lane) => new(lane, 0, AuditChain.Genesis.ToArray());

    /// <summary>The detail of a <see cref="AuditActions.RetentionCut"/> entry that removed this lane's entries through here.</summary>
    public string CutDetail(long removed) =>
        string.Create(CultureInfo.InvariantCulture, $"lane={Lane} through={Sequence} hash={Convert.ToHexStringLower(Hash)} removed={removed}");

    /// <summary>Whether a cut entry's detail names this point.</summary>
    public bool IsNamedBy(string cutDetail)
    {
        ArgumentNullException.ThrowIfNull(cutDetail);
        return cutDetail.StartsWith(
            string.Create(CultureInfo.InvariantCulture, $"lane={Lane} through={Sequence} hash={Convert.ToHexStringLower(Hash)} "),
            StringComparison.Ordinal);
    }

    /// <summary>"lane:sequence:hash", as the CLI prints and reads an anchor.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Lane}:{Sequence}:{Convert.ToHexStringLower(Hash)}");
}
