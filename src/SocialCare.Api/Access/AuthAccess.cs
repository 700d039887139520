namespace SocialCare.Api.Access;

/// <summary>
/// WhoAmI answers any verified caller. Development tokens need no credential (they are how a
/// first one is had) and are refused by the service unless on and asked from this machine.
/// </summary>
internal static class AuthAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.AnyCaller(Wire.AuthService.Descriptor, "WhoAmI"),
        RpcAccess.Anonymous(Wire.AuthService.Descriptor, "IssueDevelopmentToken"),
    ];
}
