namespace SocialCare.Fuzzing;

/// <summary>What a fuzz run saw: how many requests, the findings by class, and every status returned.</summary>
public sealed record FuzzReport(
    int Seed,
    int Requests,
    int UnknownOrInternal,
    int Hangs,
    int StateChanges,
    bool ServingAfter,
    IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyList<string> Findings)
{
    /// <summary>The line CI logs show.</summary>
    public string Line => $"fuzz requests={Requests} unknown_internal={UnknownOrInternal} hangs={Hangs} state_changes={StateChanges}";

    public string StatusLine => "statuses: " + string.Join(", ", Statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key}={s.Value}"));

    /// <summary>
    /// The seed of this run: SOCIALCARE_FUZZ_SEED replays a logged run, otherwise the fixed
    /// default, so CI sends the same requests every time.
    /// </summary>
    public static int SeedFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("SOCIALCARE_FUZZ_SEED"), System.Globalization.CultureInfo.InvariantCulture, out var seed) ? seed : fallback;

    /// <summary>SOCIALCARE_FUZZ_REQUESTS runs longer (or shorter) than the default.</summary>
    public static int RequestsFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("SOCIALCARE_FUZZ_REQUESTS"), System.Globalization.CultureInfo.InvariantCulture, out var requests) && requests > 0 ? requests : fallback;
}
