using Google.Protobuf.WellKnownTypes;
using SocialCare.Contracts.Brands;

namespace SocialCare.Api.Tests.Brands;

/// <summary>A brand file as people write it: read to the API's tenant, written back the same, its mistakes pointed at their line.</summary>
public sealed class BrandFileTests
{
    internal static string ExamplePath { get; } = Path.Combine(RepositoryRoot(), "deploy", "brands", "airline.yaml");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SocialCareGrains.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (SocialCareGrains.sln) is not above the test's directory.");
    }

    private static string Error(string yaml) => Assert.Throws<BrandFileException>(() => BrandFile.Parse("brand.yaml", yaml)).Message;

    [Fact]
    public void The_airline_example_reads_as_the_tenant_it_documents()
    {
        var tenant = BrandFile.Load(ExamplePath).Tenant;

        Assert.Equal(("demo", "Demo Air", "first-line"), (tenant.TenantId, tenant.DisplayName, tenant.DefaultTeamId));
        Assert.Contains(tenant.Teams, t => t.TeamId == "baggage" && t.Tier == Wire.TeamTier.SecondLine);
        Assert.Contains(tenant.ChannelAccounts, a => a.Channel == Wire.Channel.Messenger && a.AccountId == "page-1" && a.Purpose == Wire.AccountPurpose.Support);
        var urgent = tenant.SlaPolicy.Targets.Single(t => t.Priority == Wire.Priority.Urgent);
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromHours(4)), (urgent.FirstResponse.ToTimeSpan(), urgent.Resolution.ToTimeSpan()));
        Assert.Equal(7, tenant.Calendar.WeeklyHours.Count);
        Assert.Equal(Wire.GuardrailAction.Approve, tenant.Guardrails.ForbiddenPromises.Single(p => p.Phrase == "compensation").Action);
        Assert.Equal(100_000, tenant.Approvals.InfluenceThreshold);
        // A folded block (">-") reads as one line of text.
        Assert.DoesNotContain('\n', tenant.SavedReplies.Single(r => r.Id == "lost-bag").Text);
        Assert.Equal("7", tenant.ReplyVariables["brand.refund_days"]);
        Assert.Null(BrandFile.Load(ExamplePath).Version);
    }

    [Fact]
    public void A_tenant_written_as_a_file_reads_back_as_the_same_tenant()
    {
        var tenant = BrandFile.Load(ExamplePath).Tenant;
        tenant.Version = 12;
        // Text that plain YAML would read as something else, and text over several lines.
        tenant.Guardrails.BannedWords.Add("null");
        tenant.Guardrails.BannedWords.Add("yes");
        tenant.Guardrails.BannedWords.Add("0042");
        tenant.SavedReplies.Add(new Wire.SavedReply { Id = "multi", Title = "# not a comment", Text = "Line one\n  indented: two\n- three" });
        tenant.ReplyVariables["brand.motto"] = "{curly} & 'quoted' \"double\" ^JD";
        tenant.ReopenWindow = Duration.FromTimeSpan(TimeSpan.FromMinutes(90) + TimeSpan.FromMilliseconds(250));
        // Written by the server, so not the file's to state.
        tenant.CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch);

        var written = BrandYaml.Write(tenant, "a header\nover two lines");
        var read = BrandFile.Parse("written.yaml", written);

        Assert.StartsWith("# a header\n# over two lines\ntenant_id: demo\nversion: 12\n", written, StringComparison.Ordinal);
        Assert.Equal(12, read.Version);
        Assert.Equal(BrandValues.Stated(tenant), BrandValues.Stated(read.Tenant));
        Assert.Null(read.Tenant.CreateTime);
        Assert.Contains("\"1700000000000000001\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_file_in_json_reads_as_the_same_tenant()
    {
        var tenant = BrandFile.Load(ExamplePath).Tenant;
        var json = new Google.Protobuf.JsonFormatter(Google.Protobuf.JsonFormatter.Settings.Default).Format(tenant);

        Assert.Equal(tenant, BrandFile.Parse("brand.json", json).Tenant);
    }

    [Theory]
    [InlineData("tenant_id: demo\nteam:\n  - team_id: a\n", "brand.yaml:2:1: the file has no setting \"team\"", "did you mean \"teams\"")]
    [InlineData("tenant_id: demo\nsla_policy:\n  targets:\n    - priority: urgent\n      first_response: soon\n", "brand.yaml:5:23: sla_policy.targets[0].first_response", "\"soon\" is not a duration")]
    [InlineData("tenant_id: demo\nteams:\n  - team_id: a\n    tier: boss\n", "brand.yaml:4:11: teams[0].tier", "first-line, second-line, department")]
    [InlineData("tenant_id: demo\nteams: first-line\n", "brand.yaml:2:8: teams", "must be a list")]
    [InlineData("tenant_id: demo\napprovals:\n  influence_threshold: many\n", "brand.yaml:3:24: approvals.influence_threshold", "not a whole number")]
    [InlineData("tenant_id: demo\ndisplay_name: [a, b]\n", "brand.yaml:2:15: display_name", "must be text")]
    [InlineData("tenant_id: demo\ndisplay_name: A\ndisplay_name: B\n", "brand.yaml:3:1", "")]
    [InlineData("display_name: Nobody\n", "brand.yaml:1:1: tenant_id is required", "")]
    [InlineData("tenant_id: demo\n  teams: [\n", "brand.yaml:2:", "not valid YAML")]
    [InlineData("- just\n- a list\n", "brand.yaml:1:1: the file must be a mapping", "")]
    public void A_mistake_is_named_with_its_file_line_and_column(string yaml, string where, string what)
    {
        var message = Error(yaml);

        Assert.StartsWith(where, message, StringComparison.Ordinal);
        Assert.Contains(what, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_that_expand_beyond_any_brand_are_refused_before_they_exhaust_memory()
    {
        // Each alias is a few bytes that read as a whole team again.
        var aliases = string.Concat(Enumerable.Repeat(", *t", 60_000));
        var message = Error($"tenant_id: demo\nteams: [&t {{team_id: a, display_name: A, tier: first-line}}{aliases}]\n");

        Assert.Contains("expands to more than", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_the_server_names_is_found_on_its_line_or_on_the_nearest_setting_that_holds_it()
    {
        var file = BrandFile.Parse("brand.yaml", "tenant_id: demo\nteams:\n  - team_id: a\n  - team_id: B!\n    display_name: Bad\nreply_variables:\n  customer.name: x\n");

        Assert.Equal("brand.yaml:4:5", file.Locate("tenant.teams[1].team_id"));
        Assert.Equal("brand.yaml:5:5", file.Locate("tenant.teams[1].display_name"));
        Assert.Equal("brand.yaml:4:5", file.Locate("tenant.teams[1].tier"));
        Assert.Equal("brand.yaml:6:1", file.Locate("tenant.reply_variables"));
        Assert.Equal("brand.yaml:2:1", file.Locate("tenant.teams"));
        Assert.Equal("brand.yaml", file.Locate("tenant.calendar.holidays[0]"));
        Assert.Equal("brand.yaml", file.Locate(null));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250ms", 0.25)]
    [InlineData("PT4H", 14400)]
    [InlineData("3600s", 3600)]
    [InlineData("-5m", -300)]
    public void Durations_read_as_people_and_the_api_write_them(string text, double seconds)
    {
        Assert.True(BrandValues.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.True(BrandValues.TryParseDuration(BrandValues.DurationText(duration), out var again));
        Assert.Equal(duration, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("h")]
    [InlineData("4x")]
    [InlineData("1..5s")]
    [InlineData("P1Y2")]
    [InlineData("99999999999999999d")]
    public void What_is_not_a_duration_is_refused(string text) => Assert.False(BrandValues.TryParseDuration(text, out _));

    [Fact]
    public void A_diff_names_list_items_by_their_id_and_keeps_each_settings_changes_together()
    {
        var before = BrandFile.Load(ExamplePath).Tenant;
        var after = before.Clone();
        after.Teams.Insert(1, new Wire.Team { TeamId = "vip", DisplayName = "VIP desk", Tier = Wire.TeamTier.SecondLine });
        after.Teams.Single(t => t.TeamId == "legal").DisplayName = "Legal affairs";
        after.SavedReplies.RemoveAt(after.SavedReplies.Count - 1);
        after.DisplayName = "Demo Airlines";
        after.Version = 99;

        var changes = BrandDiff.Between(before, after).Select(c => c.ToString()).ToList();

        Assert.Equal(
            [
                "~ display_name: Demo Air -> Demo Airlines",
                "~ teams[legal].display_name: Legal -> Legal affairs",
                "+ teams[vip].team_id: vip",
                "+ teams[vip].display_name: VIP desk",
                "+ teams[vip].tier: second-line",
                "- saved_replies[rebooked].id: rebooked",
                "- saved_replies[rebooked].title: Rebooked after a cancellation",
                "- saved_replies[rebooked].text: Hi {customer.name}, you're rebooked. Your new booking is in the {brand.app} app.",
            ],
            changes);
        Assert.Equal(["display_name", "teams", "saved_replies"], BrandDiff.Sections(BrandDiff.Between(before, after)));
        Assert.Empty(BrandDiff.Between(before, before.Clone()));
    }
}
