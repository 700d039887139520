namespace SocialCare.Domain.Access;

/// <summary>Where a person works from: remote agents are shown less of customers' personal data.</summary>
public enum AgentLocation
{
    Unspecified = 0,
    Office = 1,
    Remote = 2,
}
