using System.Globalization;
using SocialCare.Grains.Hosting;

namespace SocialCare.Host.Operations;

/// <summary>
/// Applies <see cref="CareMemoryOptions.HeapLimitMegabytes"/> to this process's GC before the
/// silo starts, so memory-pressure shedding (a share of the GC's limit) and the GC itself work
/// against the limit the operator chose rather than the whole machine's memory.
/// </summary>
internal static class MemoryLimit
{
    private const string Setting = $"{CareMemoryOptions.Section}:{nameof(CareMemoryOptions.HeapLimitMegabytes)}";

    public static void Apply(IConfiguration configuration)
    {
        var text = configuration[Setting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes))
        {
            throw new HostConfigurationException($"{Setting}: \"{text}\" is not a whole number of megabytes.");
        }

        if (megabytes == 0)
        {
            return;
        }

        // The options' validator's check, here because the limit is applied before any
        // validator runs.
        if (megabytes < CareMemoryOptions.SmallestHeapLimitMegabytes)
        {
            throw new HostConfigurationException(CareMemoryOptions.HeapLimitRefusal(megabytes));
        }

        AppContext.SetData("GCHeapHardLimit", (ulong)megabytes * 1024 * 1024);
        try
        {
            GC.RefreshMemoryLimit();
        }
        catch (InvalidOperationException refused)
        {
            throw new HostConfigurationException($"{Setting} ({megabytes} MB) was refused by the runtime: {refused.Message}");
        }
    }

    /// <summary>What the GC works within now, for the start-up announcement.</summary>
    public static string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1048576.0:#,0} MB");
}
