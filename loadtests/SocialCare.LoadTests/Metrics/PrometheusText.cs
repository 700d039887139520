using System.Globalization;

namespace SocialCare.LoadTests.Metrics;

/// <summary>
/// Reads the Prometheus text format a silo's /metrics answers with: enough to sum a series over
/// its labels or group it by one. Comment lines and histogram buckets are skipped by name.
/// </summary>
internal sealed class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _series = [];

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{label="value",...} 123.4 [timestamp]
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = brace < 0 ? -1 : line.LastIndexOf('}');
            var name = brace < 0 ? line[..line.IndexOf(' ', StringComparison.Ordinal)] : line[..brace];
            var rest = (close < 0 ? line[name.Length..] : line[(close + 1)..]).Trim().Split(' ');
            if (!double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0 && close > brace)
            {
                foreach (var pair in SplitLabels(line[(brace + 1)..close]))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        labels[pair[..equals]] = pair[(equals + 1)..].Trim('"');
                    }
                }
            }

            parsed._series.Add((name, labels, value));
        }

        return parsed;
    }

    /// <summary>Every series of the metric added up; 0 when the silo does not report it.</summary>
    public double Sum(string name) => _series.Where(s => s.Name == name).Sum(s => s.Value);

    /// <summary>The metric's series added up per value of one label.</summary>
    public IReadOnlyDictionary<string, double> SumBy(string name, string label)
    {
        var sums = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (series, labels, value) in _series)
        {
            if (series == name && labels.TryGetValue(label, out var key))
            {
                sums[key] = sums.GetValueOrDefault(key) + value;
            }
        }

        return sums;
    }

    /// <summary>Splits a,b,c on the commas outside quoted values (a value may hold a comma).</summary>
    private static IEnumerable<string> SplitLabels(string labels)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == '"' && (i == 0 || labels[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (labels[i] == ',' && !quoted)
            {
                yield return labels[start..i];
                start = i + 1;
            }
        }

        if (start < labels.Length)
        {
            yield return labels[start..];
        }
    }
}
