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
    /// <summary>CI's seed: every run sends the same requests unless SOCIALCARE_FUZZ_SEED says otherwise.</summary>
    public const int DefaultSeed = 20_261_201;

    /// <summary>The floor for one run on one profile.</summary>
    public const int DefaultRequests = 3_000;

    /// <summary>The line CI logs show.</summary>
    public string Line => $"fuzz requests={Requests} unknown_internal={UnknownOrInternal} hangs={Hangs} state_changes={StateChanges}";

    /// <summary>The seed, the summary line, every status and up to 50 findings, for a test's log.</summary>
    public void WriteTo(Action<string> write, string profile)
    {
        ArgumentNullException.ThrowIfNull(write);
        write($"fuzz seed={Seed} profile={profile} (replay with SOCIALCARE_FUZZ_SEED={Seed})");
        write(Line);
        write(StatusLine);
        foreach (var finding in Findings.Take(50))
        {
            write(finding);
        }
    }

    /// <summary>Everything wrong with the run; empty when it found nothing.</summary>
    public IReadOnlyList<string> Problems(int minimumRequests)
    {
        var problems = new List<string>(Findings);
        if (Requests < minimumRequests)
        {
            problems.Add($"only {Requests} requests of {minimumRequests}");
        }

        if (!ServingAfter)
        {
            problems.Add("health was not SERVING after the run");
        }

        return problems;
    }

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
