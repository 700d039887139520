using Orleans.Runtime;
using SocialCare.Domain.Audit;

namespace SocialCare.Grains.Abstractions.Audit;

/// <summary>
/// The caller behind a grain call, carried in Orleans' request context so every grain a call
/// reaches (an author grain, then the conversation it opens) records the same actor without each
/// method taking it as a parameter.
/// </summary>
public static class AuditContext
{
    private const string Key = "socialcare.caller";

    /// <summary>Sets the caller for the grain calls this async flow makes.</summary>
    public static void Set(AuditActor actor) => RequestContext.Set(Key, actor);

    /// <summary>The caller of the current grain call, or <see cref="AuditActor.System"/> when no API call is behind it.</summary>
    public static AuditActor Current => RequestContext.Get(Key) as AuditActor ?? AuditActor.System;
}
