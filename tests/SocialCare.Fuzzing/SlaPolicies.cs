using Google.Protobuf.WellKnownTypes;

namespace SocialCare.Fuzzing;

public static class SlaPolicies
{
    /// <summary>The same three targets for every priority.</summary>
    public static Wire.SlaPolicy Uniform(TimeSpan firstResponse, TimeSpan nextResponse, TimeSpan resolution)
    {
        var policy = new Wire.SlaPolicy();
        foreach (var priority in new[] { Wire.Priority.Urgent, Wire.Priority.High, Wire.Priority.Normal, Wire.Priority.Low })
        {
            policy.Targets.Add(new Wire.SlaTarget
            {
                Priority = priority,
                FirstResponse = Duration.FromTimeSpan(firstResponse),
                NextResponse = Duration.FromTimeSpan(nextResponse),
                Resolution = Duration.FromTimeSpan(resolution),
            });
        }

        return policy;
    }
}
