using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Sla;
using SocialCare.Grains.Tenants;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Hosting;

namespace SocialCare.Grains.Hosting;

public static class CareGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the care grains need in a silo. The host still chooses the storage behind
    /// <see cref="CareStorage.Name"/>, and replaces the in-memory <see cref="IConversationJournal"/>
    /// for durable profiles.
    /// </summary>
    public static IServiceCollection AddSocialCareGrains(this IServiceCollection services, Action<CareGrainOptions>? configure = null)
    {
        var options = services.AddOptions<CareGrainOptions>().BindConfiguration(CareGrainOptions.Section).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CareGrainOptions>, CareGrainOptionsValidator>());
        services.AddOptions<CareMemoryOptions>().BindConfiguration(CareMemoryOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CareMemoryOptions>, CareMemoryOptionsValidator>());
        services.TryAddSingleton(static sp =>
        {
            var memory = sp.GetRequiredService<IOptions<CareMemoryOptions>>().Value;
            return new MemoryAdmission(memory.RefuseAtPercent, memory.ShedAtPercent, memory.AdmissionSampleInterval, TimeProvider.System);
        });
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<CareMemoryOptions>>(static (collection, memory) => ApplyMemory(collection, memory.Value));
        services.TryAddKeyedSingleton(CareClock.Key, TimeProvider.System);
        services.TryAddSingleton<ITenantDirectory, TenantDirectory>();
        services.TryAddSingleton<ITenantErasure, InMemoryTenantErasure>();
        services.TryAddSingleton<IConversationJournal, InMemoryConversationJournal>();
        // The journal's four ports are the one journal, whichever profile registered it.
        services.TryAddSingleton<IConversationStore>(static sp => sp.GetRequiredService<IConversationJournal>());
        services.TryAddSingleton<IQueueProjection>(static sp => sp.GetRequiredService<IConversationJournal>());
        services.TryAddSingleton<IDeliveryOutbox>(static sp => sp.GetRequiredService<IConversationJournal>());
        services.TryAddSingleton<IAuditStore>(static sp => sp.GetRequiredService<IConversationJournal>());
        services.TryAddSingleton<Knowledge.IKnowledgeIndex, Knowledge.InMemoryKnowledgeIndex>();
        services.AddSingleton<SlaDeadlineSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SlaDeadlineSweeper>());
        services.AddSingleton<Audit.AuditRetentionSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Audit.AuditRetentionSweeper>());
        services.TryAddSingleton<ITriageClassifier, LexiconTriage>();
        services.TryAddSingleton<Triage.ITriageModelStore, Triage.InMemoryTriageModelStore>();
        services.TryAddSingleton<Triage.TenantTriage>();
        services.TryAddSingleton<Triage.TriageTrainingGate>();
        services.AddMetrics();
        services.TryAddSingleton<CareMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, OutOfMemoryDeactivation>());
        return services;
    }

    /// <summary>Idle ages per grain type and shedding under pressure, from <see cref="CareMemoryOptions"/>.</summary>
    private static void ApplyMemory(GrainCollectionOptions collection, CareMemoryOptions memory)
    {
        collection.CollectionQuantum = memory.CollectionQuantum;
        collection.CollectionAge = memory.CollectionAge;
        // Orleans looks ages up by the grain class's full name; a [CollectionAgeLimit] on a class
        // (the queue shards' AlwaysActive) wins over these.
        collection.ClassSpecificCollectionAge[typeof(Conversations.ConversationGrain).FullName!] = memory.ConversationCollectionAge;
        collection.ClassSpecificCollectionAge[typeof(Conversations.AuthorGrain).FullName!] = memory.AuthorCollectionAge;
        collection.ClassSpecificCollectionAge[typeof(Customers.CustomerGrain).FullName!] = memory.CustomerCollectionAge;
        collection.EnableActivationSheddingOnMemoryPressure = memory.ShedOnPressure;
        collection.MemoryUsageLimitPercentage = memory.ShedAtPercent;
        collection.MemoryUsageTargetPercentage = memory.ShedToPercent;
        collection.MemoryUsagePollingPeriod = memory.PressureCheckInterval;
    }
}
