using System.Text.Json;
using SocialCare.Contracts;

namespace SocialCare.Cli;

/// <summary>
/// Where `socialcare login` keeps the credential every later command sends: a file only its
/// user may read, in $SOCIALCARE_CONFIG_DIR or ~/.config/socialcare. SOCIALCARE_TOKEN or
/// SOCIALCARE_API_KEY in the environment win over it, for scripts.
/// </summary>
internal static class CredentialStore
{
    private const string FileName = "credential.json";

    public static string Path
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("SOCIALCARE_CONFIG_DIR");
            if (string.IsNullOrEmpty(directory))
            {
                directory = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "socialcare");
            }

            return System.IO.Path.Combine(directory, FileName);
        }
    }

    public static CareCredential? Current()
    {
        if (Environment.GetEnvironmentVariable("SOCIALCARE_TOKEN") is { Length: > 0 } token)
        {
            return CareCredential.Bearer(token);
        }

        if (Environment.GetEnvironmentVariable("SOCIALCARE_API_KEY") is { Length: > 0 } key)
        {
            return CareCredential.ApiKey(key);
        }

        if (!File.Exists(Path))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredCredential>(File.ReadAllText(Path));
        return stored is { Header.Length: > 0, Value.Length: > 0 } ? new CareCredential(stored.Header, stored.Value) : null;
    }

    /// <summary>
    /// The tenant commands act on when --tenant is not given: SOCIALCARE_TENANT, else the one
    /// tenant the kept credential is for (remembered by `login`), else null.
    /// </summary>
    public static string? Tenant()
    {
        if (Environment.GetEnvironmentVariable("SOCIALCARE_TENANT") is { Length: > 0 } named)
        {
            return named;
        }

        // A credential from the environment is not the kept one: its tenant is not known here.
        if (Environment.GetEnvironmentVariable("SOCIALCARE_TOKEN") is { Length: > 0 } || Environment.GetEnvironmentVariable("SOCIALCARE_API_KEY") is { Length: > 0 } || !File.Exists(Path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<StoredCredential>(File.ReadAllText(Path))?.Tenant;
    }

    /// <param name="tenant">The one tenant the credential is for; null for several, or every one.</param>
    public static void Save(CareCredential credential, string? tenant = null)
    {
        var path = Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // Created empty and closed to its owner before the secret is written into it.
        using (File.Create(path))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(new StoredCredential(credential.Header, credential.Value, tenant)));
    }

    /// <returns>Whether there was one to forget.</returns>
    public static bool Forget()
    {
        if (!File.Exists(Path))
        {
            return false;
        }

        File.Delete(Path);
        return true;
    }

    private sealed record StoredCredential(string Header, string Value, string? Tenant = null);
}
