namespace SocialCare.Host;

/// <summary>Where grain state and membership live. Chosen by configuration only.</summary>
public enum StorageProfile
{
    /// <summary>One silo, state in process memory: for a first run and development. Lost on exit.</summary>
    InMemory = 1,

    /// <summary>PostgreSQL: membership through the Orleans ADO.NET provider, everything else in SocialCare's journal.</summary>
    Postgres = 2,
}
