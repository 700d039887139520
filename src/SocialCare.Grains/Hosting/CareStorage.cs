namespace SocialCare.Grains.Hosting;

/// <summary>The grain storage provider name. Which storage backs it is the host's choice (a profile).</summary>
public static class CareStorage
{
    public const string Name = "socialcare";
}
