using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Hosting;

/// <summary>
/// Drops an activation whose call ran out of memory. The call may have stopped anywhere (half a
/// domain change applied, a list half grown), so what the activation holds can no longer be
/// trusted; what a conversation, author or customer has acknowledged is in the journal, and the
/// next call activates it again from there. Dropping it also gives its memory back, which is what
/// the silo was short of. The exception still travels to the caller, where the API answers
/// UNAVAILABLE with a retry-after.
/// </summary>
internal sealed class OutOfMemoryDeactivation(CareMetrics metrics, ILogger<OutOfMemoryDeactivation> logger) : IIncomingGrainCallFilter
{
    private long _dropped;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            // Not ConfigureAwait(false): the drop below belongs on the activation's own scheduler,
            // as all grain code does.
            await context.Invoke();
        }
        catch (Exception failed) when (MemoryAdmission.IsOutOfMemory(failed))
        {
            Drop(context.TargetContext, failed);
            throw;
        }
    }

    private void Drop(IGrainContext activation, Exception failed)
    {
        var count = Interlocked.Increment(ref _dropped);
        metrics.ActivationDroppedForMemory(activation.GrainId.Type.ToString() ?? "");
        if (SparseLog.IsDue(count))
        {
            GrainLog.ActivationDroppedForMemory(logger, failed, activation.GrainId.ToString(), count);
        }

        // Requested, as a grain's own DeactivateOnIdle is, and without the exception: Orleans answers
        // calls that reach an activation deactivated with an exception with that exception, so a
        // connector's prompt retry would be failed again instead of reaching the next activation.
        activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The activation ran out of memory during a call; it is activated again from its journal."), CancellationToken.None);
    }
}
