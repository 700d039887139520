namespace SocialCare.Host;

/// <summary>Where grain state, membership and reminders live. Chosen by configuration only.</summary>
public enum StorageProfile
{
    /// <summary>One silo, state in process memory: for a first run and development. Lost on exit.</summary>
    InMemory = 1,

    /// <summary>PostgreSQL through the Orleans ADO.NET providers (the durability issue).</summary>
    Postgres = 2,
}
