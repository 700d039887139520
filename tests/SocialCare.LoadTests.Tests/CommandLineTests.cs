using System.CommandLine;
using SocialCare.LoadTests.Commands;

namespace SocialCare.LoadTests.Tests;

/// <summary>The command line says what it takes: help lists the words the parser accepts, and a bad option is refused before anything runs.</summary>
public sealed class CommandLineTests
{
    private static string Help(Command command)
    {
        // Help is the root command's option, as in the tool itself.
        var output = new StringWriter();
        new RootCommand { command }.Parse([command.Name, "--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }

    [Fact]
    public void Help_lists_the_scenario_and_ingest_words_that_parse_not_the_enum_names()
    {
        var help = Help(RunCommand.Create());

        Assert.Contains("<week-replay|agent-desk|burst>", help, StringComparison.Ordinal);
        Assert.Contains("<unary|stream|mixed>", help, StringComparison.Ordinal);
        Assert.DoesNotContain("WeekReplay", help, StringComparison.Ordinal);
        Assert.Empty(RunCommand.Create().Parse(["--scenario", "week-replay", "--ingest", "unary"]).Errors);
    }

    [Theory]
    [InlineData("--csv-utc-offset", "15h", "beyond the offsets time zones use")]
    [InlineData("--threshold", "claims:p99<50ms", "unknown step \"claims\"")]
    [InlineData("--scenario", "WeekReplay", "is not one of week-replay, agent-desk, burst")]
    public void A_bad_option_is_refused_when_the_command_line_is_read(string option, string value, string why)
    {
        string[] args = option == "--scenario" ? [option, value] : ["--scenario", "week-replay", option, value];
        var errors = RunCommand.Create().Parse(args).Errors;

        Assert.Contains(errors, e => e.Message.Contains(why, StringComparison.Ordinal));
    }
}
