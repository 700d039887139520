using System.Diagnostics;
using SocialCare.Contracts;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Tests;

/// <summary>The agent flow's own line ("handle") shows its failures, wherever in the flow they happened.</summary>
public sealed class AgentFlowTests
{
    [Fact]
    public async Task A_failing_queue_read_is_a_failed_piece_of_agent_work_not_zero_errors_downstream()
    {
        // Nothing listens on port 1: every request fails before the queue is read.
        using var endpoints = new CareEndpoints([new Uri("http://127.0.0.1:1")], TimeSpan.FromSeconds(5), CareCredential.ApiKey("unused"));
        await using var desk = new CareDesk(endpoints, "nobody", "run", 10, IngestMode.Unary, 1, 2);
        var steps = new StepRecorder();

        for (var i = 0; i < 3; i++)
        {
            await desk.WorkQueueAsync(new FlowCall(i, Stopwatch.GetTimestamp(), WarmUp: false, steps, CancellationToken.None));
        }

        var listed = steps["list_queue"];
        var handled = steps["handle"];
        Assert.Equal(3, listed.Errors);
        Assert.Equal(3, handled.Errors);
        Assert.All(handled.StatusCounts.Keys, status => Assert.StartsWith("list_queue: ", status, StringComparison.Ordinal));
        Assert.DoesNotContain(steps.All, s => s.Name == "claim");
    }
}
