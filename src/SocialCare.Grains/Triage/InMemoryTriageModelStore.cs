using System.Collections.Concurrent;
using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Triage;

/// <summary>
/// The development profile's store: each tenant's most recent <see cref="MaxLabelsPerTenant"/>
/// corrections and <see cref="MaxModelsPerTask"/> models per task (the oldest forgotten first, so
/// a long run's memory stays bounded), gone when the process ends.
/// </summary>
internal sealed class InMemoryTriageModelStore : ITriageModelStore, Tenants.IInMemoryTenantData
{
    public const int MaxLabelsPerTenant = 50_000;
    public const int MaxModelsPerTask = 10;

    private readonly ConcurrentDictionary<string, TenantModels> _tenants = new(StringComparer.Ordinal);

    private TenantModels Of(string tenantId) => _tenants.GetOrAdd(tenantId, _ => new TenantModels());

    public Task RecordLabelAsync(TriageLabel label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        var tenant = Of(label.TenantId);
        lock (tenant.Lock)
        {
            tenant.Labels.RemoveAll(l => l.ConversationId == label.ConversationId && l.MessageId == label.MessageId);
            tenant.Labels.Add(label);
            if (tenant.Labels.Count > MaxLabelsPerTenant)
            {
                tenant.Labels.RemoveAt(0);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TriageLabel>> ListLabelsAsync(string tenantId, int limit, CancellationToken cancellationToken = default)
    {
        var tenant = Of(tenantId);
        lock (tenant.Lock)
        {
            return Task.FromResult<IReadOnlyList<TriageLabel>>([.. Enumerable.Reverse(tenant.Labels).Take(limit)]);
        }
    }

    public Task<TriageModelVersion> AddModelAsync(TriageModelVersion model, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(content);
        var tenant = Of(model.TenantId);
        lock (tenant.Lock)
        {
            var numbered = model with { Version = tenant.Models.Where(m => m.Model.Task == model.Task).Select(m => m.Model.Version).DefaultIfEmpty(0).Max() + 1 };
            tenant.Models.Add((numbered, content));
            var ofTask = tenant.Models.Where(m => m.Model.Task == model.Task).ToList();
            if (ofTask.Count > MaxModelsPerTask)
            {
                tenant.Models.Remove(ofTask[0]);
            }

            return Task.FromResult(numbered);
        }
    }

    public Task<IReadOnlyList<TriageModelVersion>> ListModelsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = Of(tenantId);
        lock (tenant.Lock)
        {
            return Task.FromResult<IReadOnlyList<TriageModelVersion>>([.. tenant.Models.Select(m => m.Model).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Version)]);
        }
    }

    public Task<StoredTriageModel?> ReadModelAsync(string tenantId, TriageTask task, int version, CancellationToken cancellationToken = default)
    {
        var tenant = Of(tenantId);
        lock (tenant.Lock)
        {
            var (model, content) = tenant.Models.FirstOrDefault(m => m.Model.Task == task && m.Model.Version == version);
            return Task.FromResult(model is null ? null : new StoredTriageModel(model, content));
        }
    }

    public void Erase(string tenantId, IDictionary<string, long> removed)
    {
        if (_tenants.TryRemove(tenantId, out var tenant))
        {
            lock (tenant.Lock)
            {
                Tenants.TenantRecords.Add(removed, "triage_labels", tenant.Labels.Count);
                Tenants.TenantRecords.Add(removed, "triage_models", tenant.Models.Count);
            }
        }
    }

    private sealed class TenantModels
    {
        public Lock Lock { get; } = new();

        public List<TriageLabel> Labels { get; } = [];

        public List<(TriageModelVersion Model, byte[] Content)> Models { get; } = [];
    }
}
