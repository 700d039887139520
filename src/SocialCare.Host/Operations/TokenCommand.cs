using System.Globalization;
using SocialCare.Api.Access;
using SocialCare.Domain.Access;

namespace SocialCare.Host.Operations;

/// <summary>
/// `token --agent ID --role ROLE... --tenant ID|*...`: signs a bearer token with this deployment's
/// own key (SocialCare:Auth:SigningKey or SigningKeyFile, read as the silos read it), for an
/// operator's first way in to a deployment that hands out no development tokens and has no
/// identity provider yet. Whoever can read the key can sign tokens anyway; this only saves them
/// writing a JWT by hand. The token goes to standard output alone (for `login --token "$(...)"`),
/// what it grants to standard error.
/// </summary>
internal static class TokenCommand
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);
    private static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(30);

    public static int Run(IConfiguration configuration, string[] args)
    {
        string? agent = null, name = null, signature = null;
        var roles = CareRoles.None;
        var tenants = new List<string>();
        var teams = new List<string>();
        var lifetime = DefaultLifetime;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw Usage($"{option} needs a value.");
            switch (option)
            {
                case "--agent":
                    agent = value;
                    break;
                case "--role":
                    var role = CareClaims.ParseRole(value);
                    roles |= role == CareRoles.None ? throw Usage($"\"{value}\" is not a role: {string.Join(", ", CareClaims.RoleNamesOf(AllRoles))}.") : role;
                    break;
                case "--tenant":
                    tenants.Add(value);
                    break;
                case "--team":
                    teams.Add(value);
                    break;
                case "--name":
                    name = value;
                    break;
                case "--signature":
                    signature = value;
                    break;
                case "--lifetime":
                    lifetime = TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero && parsed <= LongestLifetime
                        ? parsed
                        : throw Usage($"--lifetime \"{value}\" is not a time span between 00:00:01 and {LongestLifetime.Days}.00:00:00 (e.g. 08:00:00).");
                    break;
                default:
                    throw Usage($"unknown option {option}.");
            }
        }

        if (string.IsNullOrEmpty(agent) || roles == CareRoles.None || tenants.Count == 0)
        {
            throw Usage("--agent, at least one --role and at least one --tenant are required.");
        }

        var auth = configuration.GetSection(CareAuthOptions.Section);
        var key = AccessDefaults.SigningKeyOf(auth)
            ?? throw new HostConfigurationException($"token signs with the deployment's key: set {CareAuthOptions.Section}:SigningKeyFile (or SigningKey) as the silos have it.");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new HostConfigurationException($"{CareAuthOptions.Section}:SigningKey is not base64 (make one with: openssl rand -base64 32).");
        }

        var issuer = auth[nameof(CareAuthOptions.Issuer)] is { Length: > 0 } i2 ? i2 : new CareAuthOptions().Issuer;
        var audience = auth[nameof(CareAuthOptions.Audience)] is { Length: > 0 } a ? a : new CareAuthOptions().Audience;
        var now = DateTimeOffset.UtcNow;
        var subject = new TokenSubject(agent, tenants, roles, teams.Count == 0 ? null : teams, AgentLocation.Unspecified, name, signature);
        Console.WriteLine(CareTokenIssuer.Sign(bytes, issuer, audience, subject, now, now + lifetime));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"token for {agent} on {string.Join(", ", tenants)} as {string.Join(", ", CareClaims.RoleNamesOf(roles))}, until {now + lifetime:u}"));
        return 0;
    }

    private static CareRoles AllRoles => CareRoles.Connector | CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor | CareRoles.Operator;

    private static HostConfigurationException Usage(string problem) =>
        new($"token: {problem} Usage: token --agent ID --role ROLE [--role ROLE...] --tenant ID|* [--team ID...] [--name NAME] [--signature SIGN-OFF] [--lifetime 08:00:00]");
}
