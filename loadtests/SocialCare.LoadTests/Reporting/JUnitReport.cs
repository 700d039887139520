using System.Globalization;
using System.Xml.Linq;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// The run's verdict as JUnit XML, the one test-result format every CI system shows without a
/// plug-in: each threshold is a test case (a missed one a failure naming the measured value),
/// and a run stopped before its end is a failed case of its own.
/// </summary>
internal static class JUnitReport
{
    public static XDocument Render(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var suiteName = $"socialcare-load.{run.Scenario}";
        var cases = new List<XElement>
        {
            Case(suiteName, "run played to its end", run.MeasuredSeconds, run.Interrupted
                ? Failure("interrupted", "The run was stopped before its end (Ctrl-C); its figures cover what ran.")
                : null),
        };
        foreach (var result in run.Thresholds)
        {
            cases.Add(Case(
                suiteName,
                $"{result.Threshold} [{result.Scope}]",
                0,
                result.Met ? null : Failure($"{result.Threshold} missed on {result.Scope}: {result.Shown}", result.Detail)));
        }

        var failures = cases.Count(c => c.Element("failure") is not null);
        var time = Number(run.WarmUpSeconds + run.MeasuredSeconds);
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", suiteName),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", time),
            new XAttribute("timestamp", run.StartTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement(
                "properties",
                Property("runId", run.RunId),
                Property("tenant", run.TenantId),
                Property("toolVersion", run.ToolVersion),
                Property("exitCode", run.ExitCode.ToString(CultureInfo.InvariantCulture))),
            cases);
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("name", "socialcare-load"), new XAttribute("tests", cases.Count), new XAttribute("failures", failures), new XAttribute("time", time), suite));
    }

    private static XElement Case(string suite, string name, double seconds, XElement? failure) =>
        new("testcase", new XAttribute("classname", suite), new XAttribute("name", name), new XAttribute("time", Number(seconds)), failure);

    private static XElement Failure(string message, string detail) =>
        new("failure", new XAttribute("message", message), new XAttribute("type", "threshold"), detail);

    private static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
