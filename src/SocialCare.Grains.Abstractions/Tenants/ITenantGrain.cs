using SocialCare.Domain.Access;
using SocialCare.Domain.SavedReplies;
using SocialCare.Domain.Tenants;

namespace SocialCare.Grains.Abstractions.Tenants;

/// <summary>One brand's settings. Keyed by tenant id. Read rarely: activations use a cache.</summary>
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Fails with AlreadyExists if the tenant exists.</summary>
    Task<TenantSettings> CreateAsync(TenantSettings settings);

    /// <returns>Null when the tenant was never created or is being deleted.</returns>
    Task<TenantSettings?> GetAsync();

    /// <summary>Replaces the settings; fails with Aborted if <paramref name="expectedVersion"/> is stale.</summary>
    Task<TenantSettings> UpdateAsync(TenantSettings settings, long? expectedVersion);

    /// <summary>
    /// The settings as <see cref="CreateAsync"/> (for a tenant not yet created) or
    /// <see cref="UpdateAsync"/> would store them, after every check they make; nothing is stored.
    /// </summary>
    Task<TenantSettings> PreviewAsync(TenantSettings settings, long? expectedVersion);

    /// <summary>
    /// Marks the tenant deleted (stored before it answers): from then on it answers as a tenant
    /// that does not exist, keys included, and cannot be created again until
    /// <see cref="EndDeletionAsync"/>. Repeating it for a tenant being deleted is a no-op (a
    /// deletion that failed part-way is finished by starting it again).
    /// </summary>
    /// <returns>False when there is no such tenant.</returns>
    Task<bool> BeginDeletionAsync(long? expectedVersion);

    /// <summary>Forgets the deleted tenant once its records (this grain's own included) are erased, and deactivates.</summary>
    Task EndDeletionAsync();

    /// <summary>Adds a saved reply; AlreadyExists if its id is taken.</summary>
    /// <returns>The saved reply as stored, at version 1.</returns>
    Task<SavedReply> CreateSavedReplyAsync(SavedReply reply);

    /// <summary>Changes a saved reply; NotFound if missing, Aborted if <paramref name="expectedVersion"/> is not its version.</summary>
    /// <returns>The saved reply as stored, with its version.</returns>
    Task<SavedReply> UpdateSavedReplyAsync(SavedReply reply, long? expectedVersion);

    /// <summary>Removes a saved reply; NotFound if missing, Aborted if <paramref name="expectedVersion"/> is stale.</summary>
    Task DeleteSavedReplyAsync(string savedReplyId, long? expectedVersion);

    /// <summary>Triages <paramref name="task"/> with the brand's model <paramref name="version"/> (0: the default); the version is checked by the caller.</summary>
    Task<Domain.Triage.TriageModelChoice> ActivateTriageModelAsync(Domain.Triage.TriageTask task, int version, double? complaintThreshold);

    /// <summary>Back to the model version active before the current one.</summary>
    Task<Domain.Triage.TriageModelChoice> RollBackTriageModelAsync(Domain.Triage.TriageTask task);

    /// <summary>
    /// Saves <paramref name="rules"/> as the next version of the tenant's care policy, in force for
    /// every message from then on; INVALID_ARGUMENT naming the rule and field, ABORTED if
    /// <paramref name="expectedVersion"/> is not the version in force. Audited.
    /// </summary>
    Task<Domain.Policies.CarePolicy> SavePolicyAsync(IReadOnlyList<Domain.Policies.PolicyRule> rules, long? expectedVersion);

    /// <summary>The policy in force and every earlier version, newest first.</summary>
    Task<IReadOnlyList<Domain.Policies.CarePolicy>> ListPolicyVersionsAsync();

    /// <summary>
    /// What the policy in force (or <paramref name="draft"/>, checked as a save would) decides for
    /// <paramref name="mention"/>, triaged as ingest would; nothing is stored.
    /// </summary>
    Task<PolicyPreview> PreviewPolicyAsync(Domain.Conversations.Mention mention, bool followUp, string customerId, IReadOnlyList<Domain.Policies.PolicyRule>? draft);

    /// <summary>Makes a key; the returned secret is the only copy. NotFound for an unknown tenant.</summary>
    Task<IssuedApiKey> CreateApiKeyAsync(ApiKeyRequest request, string createdBy);

    /// <summary>Newest first, revoked ones included. NotFound for an unknown tenant.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync();

    /// <summary>Idempotent. NotFound for an unknown key.</summary>
    Task<ApiKeyRecord> RevokeApiKeyAsync(string keyId, string revokedBy);

    /// <summary>The key when the secret's hash matches and it is neither revoked nor expired; otherwise null.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ApiKeyRecord?> VerifyApiKeyAsync(string keyId, byte[] secretHash);
}

/// <summary>A policy's dry run on one message: triage's reading, each rule's verdict, and the decision.</summary>
[GenerateSerializer, Immutable]
public sealed record PolicyPreview(
    [property: Id(0)] Domain.Triage.TriageResult Triage,
    [property: Id(1)] IReadOnlyList<Domain.Policies.RuleVerdict> Rules,
    [property: Id(2)] Domain.Policies.PolicyDecision Decision);
