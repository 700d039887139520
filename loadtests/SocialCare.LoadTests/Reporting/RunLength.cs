using System.Globalization;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// Whether a run can judge its thresholds at all: a percentile is only as good as the answers
/// beyond it (the p99 of 300 answers is the third slowest), and an error rate below 1 in N needs
/// N requests before a single error can show. `plan` says it before a brand books an hour of
/// its silos for a run too short to tell.
/// </summary>
internal static class RunLength
{
    /// <summary>The answers a percentile must have beyond it: the same as `compare` asks before judging one.</summary>
    public static int TailAnswers => ComparisonTolerance.Default.MinTailAnswers;

    /// <param name="mentionsPerSecond">The run's mean mention rate.</param>
    /// <param name="measured">How long the run measures (a week-replay: the compressed week).</param>
    /// <param name="ingest">How mentions are split over the two ingest steps.</param>
    public static IEnumerable<string> Advice(IEnumerable<Threshold> thresholds, double mentionsPerSecond, TimeSpan measured, IngestMode ingest = IngestMode.Mixed)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var perIngestStep = ingest == IngestMode.Mixed ? mentionsPerSecond / 2 : mentionsPerSecond;
        var requests = mentionsPerSecond * measured.TotalSeconds;
        foreach (var threshold in thresholds)
        {
            if (threshold.Metric == "error-rate")
            {
                var needed = Math.Ceiling(1 / Math.Max(threshold.Limit, 1e-9));
                yield return string.Create(CultureInfo.InvariantCulture, $"{threshold.Text}: one error in {needed:N0} requests is {threshold.Limit * 100:0.####}%; the run sends about {requests:N0} mentions: {(requests >= needed ? "enough to tell it" : "too few for one error to show: run longer or at a higher --rate")}");
                continue;
            }

            if (!threshold.Metric.StartsWith('p') || !double.TryParse(threshold.Metric[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile) || percentile >= 100)
            {
                // The mean, the maximum and throughput rest on every answer.
                continue;
            }

            // Rounded before the ceiling: 20 / (1 - 0.999) is 20,000 and a hair in floating point.
            var answers = Math.Ceiling(Math.Round(TailAnswers / (1 - (percentile / 100)), 6));
            var onIngest = threshold.Step is null or StepNames.IngestUnary or StepNames.IngestStream;
            if (!onIngest || perIngestStep <= 0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{threshold.Text}: judged on at least {answers:N0} answers of {threshold.Step} ({TailAnswers} beyond {threshold.Metric}); check its rate gives that many in {DurationText.Format(measured)}");
                continue;
            }

            var takes = TimeSpan.FromSeconds(answers / perIngestStep);
            var verdict = takes <= measured
                ? "enough"
                : $"too short to judge it: run at least {DurationText.Format(takes)} (a lower --compression) or at a higher --rate";
            yield return string.Create(CultureInfo.InvariantCulture, $"{threshold.Text}: judged on at least {answers:N0} answers per step ({TailAnswers} beyond {threshold.Metric}); {(threshold.Step ?? "each ingest step")} gets about {perIngestStep:0.#}/s, so that takes {DurationText.Format(takes)} of the {DurationText.Format(measured)} run: {verdict}");
        }
    }
}
