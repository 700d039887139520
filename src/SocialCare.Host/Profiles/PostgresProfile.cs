using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Npgsql;
using Orleans.Storage;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Hosting;
using SocialCare.Host.Journal;

namespace SocialCare.Host.Profiles;

/// <summary>
/// Membership, grain state and reminders in PostgreSQL through the Orleans ADO.NET providers.
/// Grain state is written with the Orleans serializer (binary, versioned by [Id]) rather than the
/// default JSON with CLR type names, so renaming a class does not strand stored conversations.
/// The conversation journal (message history, open-conversations projection) is SocialCare's
/// own tables in the same database.
/// </summary>
internal static class PostgresProfile
{
    public const string Invariant = "Npgsql";

    public static void Configure(ISiloBuilder silo, HostingOptions options, string connectionString)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(options.SiloAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(HostingOptions.MembershipSection);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(CareStorage.Name, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(CareStorage.Name)
            .Configure<IServiceProvider>((o, services) => o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services));
        // SLA deadlines do not use reminders (the journal's due index is their timer layer, see
        // SlaDeadlineSweeper); the reminder table is here for grains' durable schedules.
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddSingleton<IConversationJournal, PostgresConversationJournal>();
    }
}
