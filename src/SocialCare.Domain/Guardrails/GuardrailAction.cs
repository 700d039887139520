namespace SocialCare.Domain.Guardrails;

/// <summary>What a finding does to a reply.</summary>
public enum GuardrailAction
{
    /// <summary>The reply is refused (FAILED_PRECONDITION with the findings); nothing is stored.</summary>
    Block = 1,

    /// <summary>The reply is stored and sent; the finding comes back as a warning.</summary>
    Warn = 2,

    /// <summary>The reply is stored but waits for a supervisor's approval before it is delivered.</summary>
    Approve = 3,
}
