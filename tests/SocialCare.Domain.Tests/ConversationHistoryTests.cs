using FsCheck;
using FsCheck.Fluent;
using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Sla;

namespace SocialCare.Domain.Tests;

/// <summary>
/// A conversation keeps only recent messages; the rest goes to the journal through
/// TakeUnsaved. These check that nothing the rules need is lost on the way.
/// </summary>
public sealed class ConversationHistoryTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;

    [Fact]
    public void Only_the_recent_window_stays_in_state_and_every_message_is_handed_over_once_in_order()
    {
        var c = Samples.Opened(T0);
        var handedOver = c.TakeUnsaved().ToList();
        for (var i = 1; i <= 120; i++)
        {
            c.AddNote(CareActor.Agent("agent"), $"note {i}", T0.AddMinutes(i));
            if (i % 7 == 0)
            {
                handedOver.AddRange(c.TakeUnsaved());
            }
        }

        handedOver.AddRange(c.TakeUnsaved());
        Assert.Empty(c.TakeUnsaved());
        Assert.Equal(Enumerable.Range(1, 121), handedOver.Select(m => m.Sequence));
        Assert.Equal(ConversationLimits.RecentMessages, c.RecentMessages.Count);
        Assert.Equal(Enumerable.Range(72, ConversationLimits.RecentMessages), c.RecentMessages.Select(m => m.Sequence));
        Assert.Equal(121, c.MessageSequence);
        Assert.Equal(121, c.ToQueueItem().MessageCount);
    }

    [Fact]
    public void Previews_survive_the_first_customer_message_leaving_the_window()
    {
        var c = new Conversation();
        c.Open("c1", "cust", "first-line", Samples.Mention("m0", "My parcel never arrived"), Samples.Triage(), T0);
        for (var i = 1; i <= 60; i++)
        {
            c.AcceptInbound(Samples.Mention($"m{i}", $"still waiting {i}"), Samples.Triage(), TimeSpan.Zero, T0.AddMinutes(i));
        }

        Assert.Equal("My parcel never arrived", c.ToReference().Preview);
        Assert.Equal("still waiting 60", c.ToQueueItem().Preview);
    }

    [Fact]
    public void Clocks_kept_incrementally_equal_clocks_computed_from_the_whole_history()
    {
        var policy = SlaPolicy.Default;
        var calendar = BusinessCalendar.TwentyFourSeven;
        // Each step: true = a customer message, false = an agent reply; minutes between steps.
        var prop = Prop.ForAll(
            Gen.Elements(true, false).ArrayOf().ToArbitrary(),
            Gen.Choose(1, 90).ArrayOf().ToArbitrary(),
            (steps, gaps) =>
            {
                var c = Samples.Opened(T0);
                var history = c.TakeUnsaved().ToList();
                var at = T0;
                for (var i = 0; i < steps.Length; i++)
                {
                    at = at.AddMinutes(gaps.Length == 0 ? 5 : gaps[i % gaps.Length]);
                    if (steps[i])
                    {
                        c.AcceptInbound(Samples.Mention($"m{i + 2}"), Samples.Triage(), TimeSpan.Zero, at);
                    }
                    else
                    {
                        c.Reply(CareActor.Agent("agent"), "On it.", null, Visibility.Public, null, at);
                    }

                    history.AddRange(c.TakeUnsaved());
                }

                var now = at.AddMinutes(30);
                c.EvaluateSla(policy, calendar, now);
                var events = history
                    .Where(m => m.Kind != MessageKind.InternalNote)
                    .Select(m => new SlaEvent(m.Kind == MessageKind.Customer ? SlaEventKind.CustomerMessage : SlaEventKind.AgentResponse, m.ReceivedAt))
                    .ToList();
                var expected = SlaCalculator.Evaluate(c.CycleStartedAt, events, c.ResolvedAt, policy.For(c.TriagePriority), calendar, now);
                return c.SlaClocks.SequenceEqual(expected);
            });
        Check.QuickThrowOnFailure(prop);
    }
}
