using System.CommandLine;
using SocialCare.LoadTests.Commands;

// socialcare-load: load-test a SocialCare deployment the way a brand would (see README.md in
// loadtests/). Exit codes: 0 = ran and every threshold met, 1 = could not run, 2 = a threshold missed.
var root = new RootCommand("SocialCare load tool: play a week of care traffic against a deployment.")
{
    PlanCommand.Create(),
    RunCommand.Create(),
    BenchCommand.Create(),
    StubNetworkCommand.Create(),
    BenchCommand.CreateTable(),
};
return await root.Parse(args).InvokeAsync();
