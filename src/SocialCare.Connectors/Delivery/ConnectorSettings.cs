using System.Text.Json;
using System.Text.Json.Serialization;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// A connector process's set-up, read from a JSON file: its name, how many replies it sends at
/// once, where the networks are, and the brand accounts it publishes as. A token may be given
/// inline or, better, as the name of an environment variable that holds it.
/// </summary>
public sealed class ConnectorSettings
{
    /// <summary>The sender's name, shown on the deliveries it leases.</summary>
    public string Sender { get; set; } = Environment.MachineName;

    /// <summary>Replies leased and in flight at once.</summary>
    public int MaxInFlight { get; set; } = 20;

    public NetworkEndpoints Networks { get; set; } = new();

    public List<ConnectorAccount> Accounts { get; set; } = [];

    /// <summary>
    /// Set to listen on the networks for posts that name the brand without its handle (X's recent
    /// search, with the tenant's tracking rules), as the X accounts listed; unset, nothing listens.
    /// </summary>
    public Listening.ListeningSettings? Listening { get; set; }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and checks a settings file; every problem is an <see cref="ArgumentException"/> naming the setting.</summary>
    public static ConnectorSettings Load(string path, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ConnectorSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<ConnectorSettings>(File.ReadAllText(path), Options)
                ?? throw new ArgumentException($"{path} holds no settings.");
        }
        catch (JsonException invalid)
        {
            throw new ArgumentException($"{path} is not valid connector settings: {invalid.Message}", invalid);
        }
        catch (IOException unreadable)
        {
            throw new ArgumentException($"{path} cannot be read: {unreadable.Message}", unreadable);
        }

        return settings.Validated(environment);
    }

    /// <summary>The credentials, tokens resolved.</summary>
    public IReadOnlyList<AccountCredential> Credentials { get; private set; } = [];

    /// <summary>Checks the settings and resolves the tokens (see <see cref="Credentials"/>).</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names it.</exception>
    public ConnectorSettings Validated(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(Sender))
        {
            throw new ArgumentException("sender must be set.");
        }

        if (MaxInFlight is < 1 or > 500)
        {
            throw new ArgumentException("maxInFlight must be 1..500.");
        }

        if (Networks.Timeout <= TimeSpan.Zero || Networks.Timeout > TimeSpan.FromMinutes(2))
        {
            throw new ArgumentException("networks.timeout must be above 0 and at most 2 minutes.");
        }

        if (Listening is { } listening)
        {
            if (listening.Interval < TimeSpan.FromSeconds(5) || listening.Interval > TimeSpan.FromDays(1))
            {
                throw new ArgumentException("listening.interval must be 5 seconds to 1 day (X allows 450 searches per 15 minutes).");
            }

            if (listening.MaxResults is < 10 or > 100)
            {
                throw new ArgumentException("listening.maxResults must be 10..100 (X's page sizes).");
            }

            if (listening.MaxPages is < 1 or > 100)
            {
                throw new ArgumentException("listening.maxPages must be 1..100.");
            }
        }

        if (Accounts.Count == 0)
        {
            throw new ArgumentException("accounts must list at least one brand account.");
        }

        var credentials = new List<AccountCredential>();
        for (var i = 0; i < Accounts.Count; i++)
        {
            var account = Accounts[i];
            if (!Enum.IsDefined(account.Channel) || account.Channel is Channel.Email or Channel.WebChat)
            {
                throw new ArgumentException($"accounts[{i}].channel must be X, Facebook, Instagram, Messenger or WhatsApp.");
            }

            if (string.IsNullOrWhiteSpace(account.AccountId))
            {
                throw new ArgumentException($"accounts[{i}].accountId must be set.");
            }

            var token = account.AccessTokenEnvironment is { Length: > 0 } name ? environment(name) : account.AccessToken;
            if (string.IsNullOrEmpty(token))
            {
                throw new ArgumentException(account.AccessTokenEnvironment is { Length: > 0 } variable
                    ? $"accounts[{i}].accessTokenEnvironment names {variable}, which is not set."
                    : $"accounts[{i}] needs accessToken or accessTokenEnvironment.");
            }

            credentials.Add(new AccountCredential { Channel = account.Channel, AccountId = account.AccountId, AccessToken = token });
        }

        Credentials = credentials;
        return this;
    }
}

/// <summary>One brand account in the settings file.</summary>
public sealed class ConnectorAccount
{
    public Channel Channel { get; set; }

    public string AccountId { get; set; } = "";

    /// <summary>The token inline (for local trials; prefer <see cref="AccessTokenEnvironment"/>).</summary>
    public string? AccessToken { get; set; }

    /// <summary>The environment variable holding the token.</summary>
    public string? AccessTokenEnvironment { get; set; }

    public override string ToString() => $"{Channel} account {AccountId}";
}
