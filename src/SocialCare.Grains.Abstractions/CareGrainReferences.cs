using Orleans.Runtime;

namespace SocialCare.Grains.Abstractions;

/// <summary>
/// Grain references by key, with the grain and interface types Orleans resolved for the first
/// reference remembered. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves them again on
/// every call (custom attribute lookups and type-name formatting, uncached in Orleans 10); an
/// ingest makes four to six grain calls, and that resolution was 7% of the silo's allocations
/// in a profile of the ingest benchmark.
/// </summary>
public static class CareGrainReferences
{
    public static TGrain GetCareGrain<TGrain>(this IGrainFactory factory, string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (Resolved<TGrain>.Types is { } types)
        {
            return (TGrain)factory.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        var reference = factory.GetGrain<TGrain>(key);
        var resolved = (GrainReference)(object)reference;
        // A type under the system prefix is Orleans' placeholder while the cluster's grain
        // classes are not known yet (a client before it connects): resolve again next time.
        if (!resolved.GrainId.Type.ToString()!.StartsWith(GrainTypePrefix.SystemPrefix, StringComparison.Ordinal))
        {
            Resolved<TGrain>.Types = (resolved.GrainId.Type, resolved.InterfaceType);
        }

        return reference;
    }

    /// <summary>One slot per grain interface; a grain interface's types are the same in every silo.</summary>
    private static class Resolved<TGrain>
    {
        public static (GrainType Grain, GrainInterfaceType Interface)? Types;
    }
}
