using System.CommandLine;
using SocialCare.LoadTests.Commands;

// socialcare-load: load-test a SocialCare deployment the way a brand would (see README.md in
// loadtests/). Exit codes: 0 = ran and every threshold met, 1 = could not run, 2 = a threshold missed
// (or, for compare, a regression), 130 = interrupted.
var root = new RootCommand("SocialCare load tool: play a week of care traffic against a deployment.")
{
    PlanCommand.Create(),
    RunCommand.Create(),
    CompareCommand.Create(),
    BenchCommand.Create(),
    StubNetworkCommand.Create(),
    BenchCommand.CreateTable(),
    SoakCommand.Create(),
    CleanupCommand.Create(),
};
// Ctrl-C cancels the run, which then writes its partial report: give it time to (the default
// would end the process two seconds after the signal, before charts are drawn).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
