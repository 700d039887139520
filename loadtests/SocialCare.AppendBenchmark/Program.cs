using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;

// Does appending a message cost the same at any conversation length? Builds conversations of
// several lengths on a running host, then appends notes to them in turn and compares the latency of
// the appends. Run it against the PostgreSQL profile (loadtests/append-bench.sh does), where an
// OK means the write is durable. 100 sits past the 50-message window a conversation keeps in
// its own state, so 100 and 1,000 should cost the same; 10 is cheaper only by its smaller window.
var endpoint = args.Length > 0 ? args[0] : "http://127.0.0.1:5000";
int[] lengths = [10, 100, 1_000];
const int ConversationsPerLength = 10;
const int AppendsPerConversation = 30;

// The host hands this machine a development token (append-bench.sh turns them on).
string token;
using (var anonymous = GrpcChannel.ForAddress(endpoint))
{
    token = (await new Wire.AuthService.AuthServiceClient(anonymous).IssueDevelopmentTokenAsync(new Wire.IssueDevelopmentTokenRequest())).Token;
}

using var channel = SocialCare.Contracts.CareCredential.Bearer(token).Channel(endpoint);
var ingest = new Wire.IngestService.IngestServiceClient(channel);
var conversations = new Wire.ConversationService.ConversationServiceClient(channel);
var run = Guid.NewGuid().ToString("N")[..8];

var groups = new Dictionary<int, List<string>>();
foreach (var length in lengths)
{
    var names = new List<string>();
    for (var c = 0; c < ConversationsPerLength; c++)
    {
        var receipt = await ingest.IngestMentionAsync(new Wire.IngestMentionRequest
        {
            Mention = new Wire.Mention
            {
                TenantId = "demo",
                Channel = Wire.Channel.X,
                NetworkMessageId = $"bench-{run}-{length}-{c}",
                Author = new Wire.Author { NetworkUserId = $"bench-{run}-{length}-{c}", Handle = "@bench" },
                Text = "My order has not arrived yet.",
            },
        });
        // Fill in parallel batches: the set-up is not what is measured.
        for (var n = 2; n <= length; n += 50)
        {
            var batch = Enumerable.Range(n, Math.Min(50, length - n + 1))
                .Select(i => conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = receipt.Conversation, AgentId = "bench", Text = $"history note {i}" }).ResponseAsync);
            await Task.WhenAll(batch);
        }

        names.Add(receipt.Conversation);
    }

    groups[length] = names;
    Console.Error.WriteLine($"built {ConversationsPerLength} conversations of {length} messages");
}

// Interleave the groups so both see the same database and machine conditions.
var samples = lengths.ToDictionary(l => l, _ => new List<double>());
for (var round = 0; round < AppendsPerConversation; round++)
{
    for (var c = 0; c < ConversationsPerLength; c++)
    {
        foreach (var length in lengths)
        {
            var started = Stopwatch.GetTimestamp();
            await conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = groups[length][c], AgentId = "bench", Text = $"measured note {round}" });
            samples[length].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

Console.WriteLine("| conversation length | appends | mean ms | p50 ms | p90 ms | p99 ms |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var length in lengths)
{
    var sorted = samples[length].Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {length:N0} | {sorted.Length} | {sorted.Average():F2} | {Percentile(sorted, 0.50):F2} | {Percentile(sorted, 0.90):F2} | {Percentile(sorted, 0.99):F2} |"));
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
