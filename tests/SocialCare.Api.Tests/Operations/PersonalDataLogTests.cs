using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Contracts;
using SocialCare.Host;
using SocialCare.Testing.Networks;

namespace SocialCare.Api.Tests.Operations;

/// <summary>
/// Logs are read by operators and kept by log platforms: what customers wrote, their handles and
/// their network ids must not be in them at Information or above, whatever the care work did.
/// </summary>
public sealed class PersonalDataLogTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _logged = new();
    private WebApplication _host = null!;
    private string _address = "";

    public async Task InitializeAsync()
    {
        _host = SocialCareHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SocialCare:GrpcEndpoint"] = "http://127.0.0.1:0",
                ["SocialCare:SiloPort"] = LoopbackPorts.FreeAsText(),
                ["SocialCare:GatewayPort"] = LoopbackPorts.FreeAsText(),
                // Everything at Information, the framework's too: the level operators run at.
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Information",
            });
            builder.Logging.AddProvider(new Capture(_logged));
        });
        await _host.StartAsync();
        _address = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_conversations_words_handles_and_ids_stay_out_of_the_log()
    {
        var token = _host.Services.GetRequiredService<SocialCare.Api.Access.CareTokenIssuer>().Issue(ApiFixture.Desk, TimeSpan.FromHours(1)).Token;
        using var channel = CareCredential.Bearer(token).Channel(_address);
        var ingest = new Wire.IngestService.IngestServiceClient(channel);
        var conversations = new Wire.ConversationService.ConversationServiceClient(channel);

        var mention = Requests.Mention("demo", "zq-author-4471", "Qwertz flight 4471 lost my violin case");
        var opened = await ingest.IngestMentionAsync(Requests.Ingest(mention));
        await ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention("demo", "zq-author-4471", "Qwertz still nothing about the violin")));
        await conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = opened.Conversation, AgentId = "jd" });
        await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "Ytrewq we are tracing the violin now", RequestId = "r1" });
        await conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = opened.Conversation, AgentId = "jd", Text = "Ytrewq note: call the hub" });
        await conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = opened.Conversation, AgentId = "jd" });
        // A refused call too: errors are logged with more detail than successes.
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation + "x", AgentId = "jd", Text = "Ytrewq to nowhere", RequestId = "r2" }));

        Assert.NotEmpty(_logged);
        var visible = _logged.Where(l => l.Level >= LogLevel.Information).ToList();
        foreach (var secret in new[] { "Qwertz", "Ytrewq", "violin", "zq-author-4471" })
        {
            Assert.DoesNotContain(visible, l => l.Text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void The_watchdog_measures_from_the_process_start_so_it_does_not_report_the_machines_uptime_as_a_stall()
    {
        // Orleans' watchdog compared its first look with timestamp 0, the machine's boot on the
        // system clock, and every start warned of a stall as long as the uptime.
        var clock = _host.Services.GetRequiredKeyedService<TimeProvider>(Orleans.Runtime.TimeProviderNames.Membership);
        Assert.IsType<SocialCare.Host.Operations.MembershipClock>(clock);
        Assert.True(clock.GetElapsedTime(0) < TimeSpan.FromMinutes(5), $"timestamp 0 is {clock.GetElapsedTime(0)} ago: not this process's start");
        var before = clock.GetTimestamp();
        Assert.InRange(clock.GetElapsedTime(before, clock.GetTimestamp()), TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(_logged, l => l.Text.Contains("Participant check thread has not completed", StringComparison.Ordinal));
    }

    /// <summary>Every entry with its formatted text and every structured value, as a log platform would index them.</summary>
    private sealed class Capture(ConcurrentQueue<(LogLevel, string, string)> logged) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logged);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string)> logged) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                logged.Enqueue((logLevel, category, $"{formatter(state, exception)} {values} {exception}"));
            }
        }
    }
}
