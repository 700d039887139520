using System.Globalization;
using System.Text;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// The README's walk-through, run as it is written (the installed tool against a fresh host), so
/// the README cannot drift from what SocialCare does; and a brand of one's own set up from a file.
/// </summary>
public sealed class ReadmeWalkthroughTests(InstalledCli cli) : IClassFixture<InstalledCli>
{
    /// <summary>
    /// The walk-through's shell block as a script that stops at the first command that fails
    /// unexpectedly: lines continued with "\" joined, the install line left out (the fixture
    /// installed the tool the same way), and each command the README marks "# error:" on the
    /// next line required to fail.
    /// </summary>
    internal static string WalkthroughScript()
    {
        var readme = File.ReadAllText(Path.Combine(PostgresFixture.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("\n## Walk-through\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        var block = section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];

        var lines = new List<string>();
        foreach (var line in block.Split('\n'))
        {
            if (lines.Count > 0 && lines[^1].EndsWith('\\'))
            {
                lines[^1] = lines[^1][..^1] + " " + line.Trim();
            }
            else
            {
                lines.Add(line);
            }
        }

        var script = new StringBuilder("set -euo pipefail\n");
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("dotnet pack ", StringComparison.Ordinal))
            {
                continue;
            }

            var refused = i + 1 < lines.Count && lines[i + 1].StartsWith("# error:", StringComparison.Ordinal);
            script.AppendLine(refused
                ? $"if {line}; then echo 'README line {i + 1} was to be refused: {line.Replace("'", "", StringComparison.Ordinal)}' >&2; exit 99; fi"
                : line);
        }

        return script.ToString();
    }

    [Fact]
    public async Task The_readmes_walk_through_runs_as_written_from_the_brand_file()
    {
        var work = cli.Root.CreateSubdirectory("walkthrough");
        // What the walk-through reads from the clone it is run in, and the user's own export.
        Directory.CreateSymbolicLink(Path.Combine(work.FullName, "deploy"), Path.Combine(PostgresFixture.RepositoryRoot, "deploy"));
        Directory.CreateSymbolicLink(Path.Combine(work.FullName, ".tools"), Path.GetDirectoryName(cli.Tool)!);
        await File.WriteAllTextAsync(Path.Combine(work.FullName, "my-export.csv"), LabeledExport());
        var script = Path.Combine(work.FullName, "walkthrough.sh");
        await File.WriteAllTextAsync(script, WalkthroughScript());

        var (code, output, error) = await ProcessRunner.RunAsync("bash", [script], TimeSpan.FromMinutes(5), cli.Environment, work.FullName);

        Assert.True(code == 0, $"the walk-through stopped (exit {code}):\n{output}\n{error}");
        // What the README says each step answers.
        Assert.Contains("updated tenant demo to version 2", output, StringComparison.Ordinal);
        Assert.Contains("tenant demo unchanged (version 2)", output, StringComparison.Ordinal);
        Assert.Contains("no changes: tenant demo (version 2)", output, StringComparison.Ordinal);
        Assert.Contains("The reply was not sent: it contains a payment card number", error, StringComparison.Ordinal);
        Assert.Contains("another supervisor must approve it", error, StringComparison.Ordinal);
        Assert.Contains("approved reply 2 of tenants/demo/conversations/", output, StringComparison.Ordinal);
        Assert.Contains("care policy saved as version 1: 3 rules", output, StringComparison.Ordinal);
        Assert.Contains("decision (policy v1): low in first-line, tags off-topic", output, StringComparison.Ordinal);
        Assert.Contains("urgent (rule vip sets urgent)", output, StringComparison.Ordinal);
        Assert.Contains("care policy v1: rules vip; tags vip", output, StringComparison.Ordinal);
        Assert.Contains("Refund delay", output, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing found", output, StringComparison.Ordinal);
        // The file `tenant get` wrote is the brand file back: applying it changes nothing. (Its
        // version is behind now: activating a triage model is a change of the tenant too.)
        var kept = Path.Combine(work.FullName, "demo-brand.yaml");
        var written = await File.ReadAllLinesAsync(kept);
        Assert.Contains("display_name: Demo Air", written);
        await File.WriteAllLinesAsync(kept, written.Where(l => !l.StartsWith("version: ", StringComparison.Ordinal)));
        Assert.Contains("unchanged", await cli.RunAsync("tenant", "apply", "-f", kept), StringComparison.Ordinal);
        Assert.NotEmpty(await File.ReadAllLinesAsync(Path.Combine(work.FullName, "demo-trail.jsonl")));
    }

    [Fact]
    public async Task A_brand_of_ones_own_is_created_from_a_file_and_its_mistakes_are_shown_on_their_lines()
    {
        var id = $"brand-{Guid.NewGuid():N}"[..20];
        var file = Path.Combine(cli.Root.FullName, $"{id}.yaml");
        var example = await File.ReadAllTextAsync(Path.Combine(PostgresFixture.RepositoryRoot, "deploy", "brands", "airline.yaml"));
        await File.WriteAllTextAsync(file, example.Replace("tenant_id: demo", $"tenant_id: {id}", StringComparison.Ordinal));

        // An admin of the brand who is no operator may not create it.
        await cli.RunAsync("login", "--dev", "--tenant", id, "--agent", "ops", "--role", "admin");
        var (code, _, error) = await cli.TryAsync("tenant", "apply", "-f", file);
        Assert.Equal(1, code);
        Assert.Contains("operator", error, StringComparison.Ordinal);

        await cli.RunAsync("login", "--dev", "--tenant", id, "--agent", "ops", "--role", "admin", "--role", "operator");
        var (differs, plan, _) = await cli.TryAsync("tenant", "diff", "-f", file);
        Assert.Equal(3, differs);
        Assert.Contains($"tenant {id} does not exist; apply would create it:", plan, StringComparison.Ordinal);
        Assert.Contains("+ teams[baggage].display_name: Baggage desk", plan, StringComparison.Ordinal);
        Assert.Contains($"created tenant {id} (version 1)", await cli.RunAsync("tenant", "apply", "-f", file), StringComparison.Ordinal);
        Assert.Contains("unchanged (version 1)", await cli.RunAsync("tenant", "apply", "-f", file), StringComparison.Ordinal);

        // A mistake in the file: the file's line, before anything is sent.
        var lines = (await File.ReadAllLinesAsync(file)).ToList();
        var urgent = lines.FindIndex(l => l.Trim() == "first_response: 10m");
        lines[urgent] = lines[urgent].Replace("10m", "10 minutes", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);
        (code, _, error) = await cli.TryAsync("tenant", "apply", "-f", file);
        Assert.Equal(2, code);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{file}:{urgent + 1}:"), error.Trim(), StringComparison.Ordinal);
        Assert.Contains("sla_policy.targets[0].first_response \"10 minutes\" is not a duration", error, StringComparison.Ordinal);

        // A mistake only the server sees (a resolution target shorter than the first response): the line it names.
        lines[urgent] = lines[urgent].Replace("10 minutes", "5h", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);
        (code, _, error) = await cli.TryAsync("tenant", "diff", "-f", file);
        Assert.Equal(1, code);
        var targets = lines.FindIndex(l => l.Trim() == "targets:");
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{file}:{targets + 1}:"), error.Trim(), StringComparison.Ordinal);
        Assert.Contains("resolution target is shorter than its first-response target", error, StringComparison.Ordinal);

        // A real change: shown by diff, applied once, at the next version.
        lines[urgent] = lines[urgent].Replace("5h", "20m", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);
        (differs, plan, _) = await cli.TryAsync("tenant", "diff", "-f", file);
        Assert.Equal(3, differs);
        Assert.Contains("~ sla_policy.targets[urgent].first_response: 10m -> 20m", plan, StringComparison.Ordinal);
        Assert.Contains($"updated tenant {id} to version 2: 1 settings changed in sla_policy", await cli.RunAsync("tenant", "apply", "-f", file), StringComparison.Ordinal);

        // A file from `tenant get` at an old version is refused once the tenant moved on.
        // No --tenant: the CLI acts on the tenant it logged in to.
        var got = await cli.RunAsync("tenant", "get");
        Assert.Contains($"tenant_id: {id}", got, StringComparison.Ordinal);
        var stale = Path.Combine(cli.Root.FullName, "stale.yaml");
        await File.WriteAllTextAsync(stale, got.Replace("version: 2", "version: 1", StringComparison.Ordinal).Replace("display_name: Demo Air", "display_name: Someone else's edit", StringComparison.Ordinal));
        (code, _, error) = await cli.TryAsync("tenant", "apply", "-f", stale);
        Assert.Equal(1, code);
        Assert.Contains("Aborted", error, StringComparison.Ordinal);

        // The brand leaves: deleted only when the operator says yes, then gone for good.
        (code, _, error) = await cli.TryAsync("tenant", "delete", id);
        Assert.Equal(2, code);
        Assert.Contains("--yes", error, StringComparison.Ordinal);
        Assert.Contains($"tenant_id: {id}", await cli.RunAsync("tenant", "get"), StringComparison.Ordinal);
        Assert.StartsWith($"deleted tenant {id}: ", await cli.RunAsync("tenant", "delete", id, "--yes"), StringComparison.Ordinal);
        (code, _, error) = await cli.TryAsync("tenant", "get");
        Assert.Equal(1, code);
        Assert.Contains("NotFound", error, StringComparison.Ordinal);
        Assert.Contains($"no tenant {id}: nothing to delete", await cli.RunAsync("tenant", "delete", id, "--yes", "--allow-missing"), StringComparison.Ordinal);
    }

    /// <summary>A small labeled export of the brand's own, as the README's training step expects: text and sentiment columns.</summary>
    private static string LabeledExport()
    {
        var rows = new StringBuilder("text,sentiment\n");
        string[] negative = ["my bag is lost again", "the flight was cancelled and nobody helps", "worst service, waited hours", "refund still missing after weeks", "rude staff at the gate"];
        string[] neutral = ["what time does boarding start", "can I bring a guitar on board", "how do I add a seat", "is there wifi on this route", "where do I print my pass"];
        string[] positive = ["thanks for the quick rebooking", "lovely crew on my flight today", "great help from your team", "smooth check in, thank you", "the upgrade made my day"];
        for (var copy = 0; copy < 2; copy++)
        {
            foreach (var (texts, label) in new[] { (negative, "negative"), (neutral, "neutral"), (positive, "positive") })
            {
                foreach (var text in texts)
                {
                    rows.Append(CultureInfo.InvariantCulture, $"\"{text} ({copy})\",{label}\n");
                }
            }
        }

        return rows.ToString();
    }
}
