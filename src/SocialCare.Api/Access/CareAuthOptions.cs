namespace SocialCare.Api.Access;

/// <summary>
/// Who SocialCare trusts, bound from "SocialCare:Auth" (environment: SocialCare__Auth__...).
/// People's bearer tokens are trusted when signed with <see cref="SigningKey"/> or by the
/// identity provider at <see cref="Authority"/> (either or both); machines use API keys, which
/// need no setting.
/// </summary>
public sealed class CareAuthOptions
{
    public const string Section = "SocialCare:Auth";

    /// <summary>This deployment's token signing key (HMAC-SHA256): base64, at least 32 bytes. Keep it secret.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// A file holding <see cref="SigningKey"/> (base64, as `openssl rand -base64 32` writes it),
    /// read at start: made once and kept, so a restart signs nobody out and every silo reads the
    /// same key (the Kubernetes Secret mounts one). Set this or <see cref="SigningKey"/>, not both.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The "iss" of tokens signed with <see cref="SigningKey"/>.</summary>
    public string Issuer { get; set; } = "socialcare";

    /// <summary>The "aud" every token must carry, whoever signed it.</summary>
    public string Audience { get; set; } = "socialcare";

    /// <summary>
    /// A brand's OpenID Connect identity provider (its issuer URL): its signing keys are read
    /// from its discovery document and JWKS, and its tokens trusted beside this deployment's.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Off only for an identity provider on this machine over plain HTTP (tests, development).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How far a token's times may be off this host's clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Development: AuthService.IssueDevelopmentToken hands signed tokens to callers on this
    /// machine. Needs <see cref="SigningKey"/>. On by default with the in-memory profile.
    /// </summary>
    public bool DevelopmentTokens { get; set; }

    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Development only: calls without a credential act with every role on every tenant, and
    /// agent_id is taken from the request. A deployment on PostgreSQL with no signing key and no
    /// authority refuses to start unless this is on.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// How long a checked API key is remembered before it is checked again: the most a revoked
    /// key keeps working, and what spares the tenant a lookup per call.
    /// </summary>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The decoded <see cref="SigningKey"/>, or null when none is set.</summary>
    public byte[]? SigningKeyBytes() => string.IsNullOrEmpty(SigningKey) ? null : Convert.FromBase64String(SigningKey);
}
