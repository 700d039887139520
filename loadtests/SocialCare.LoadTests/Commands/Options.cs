using System.CommandLine;
using System.CommandLine.Parsing;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Commands;

/// <summary>Option shapes the verbs share, with parse errors that name the option and the accepted forms.</summary>
internal static class Options
{
    /// <summary>An option that takes one of a few words, each naming a value.</summary>
    public static Option<T> Choice<T>(string name, string description, IReadOnlyDictionary<string, T> words) => new(name)
    {
        Description = description,
        // The words the parser takes, not the enum's names (help listed WeekReplay, which was then refused).
        HelpName = string.Join('|', words.Keys),
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (words.TryGetValue(text, out var value))
            {
                return value;
            }

            result.AddError($"{name}: \"{text}\" is not one of {string.Join(", ", words.Keys)}.");
            return default!;
        },
    };

    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} (e.g. 500ms, 30s, 5m, 2h).",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (DurationText.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"{name}: \"{text}\" is not a duration; use e.g. 500ms, 30s, 5m, 2h or 00:05:00.");
            return default;
        },
    };

    /// <summary>A time zone: a signed offset from UTC or an IANA name (see <see cref="Scheduling.TimeZoneText"/>).</summary>
    public static Option<TimeZoneInfo> TimeZone(string name, string description) => new(name)
    {
        Description = $"{description} (e.g. -05:00, +5:30, -5h, UTC, America/New_York, Europe/Paris).",
        DefaultValueFactory = _ => TimeZoneInfo.Utc,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Scheduling.TimeZoneText.TryParse(text, out var zone, out var error))
            {
                return zone;
            }

            result.AddError($"{name}: {error}.");
            return TimeZoneInfo.Utc;
        },
    };

    public static Option<double> Positive(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var value && (value <= 0 || !double.IsFinite(value)))
            {
                result.AddError($"{name} must be greater than zero.");
            }
        });
        return option;
    }

    public static Option<int> Count(string name, string description, int defaultValue, int minimum = 1, int maximum = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError($"{name} must be at least {minimum}.");
            }
            else if (value > maximum)
            {
                result.AddError($"{name} must be at most {maximum}.");
            }
        });
        return option;
    }

    public static Option<Uri[]> Endpoints()
    {
        var option = new Option<Uri[]>("--endpoint")
        {
            Description = "A gRPC endpoint of the deployment; repeat it for each silo (load is spread round robin).",
            DefaultValueFactory = _ => [new Uri("http://127.0.0.1:5000")],
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                var endpoints = new List<Uri>();
                foreach (var token in result.Tokens)
                {
                    if (Uri.TryCreate(token.Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                    {
                        endpoints.Add(uri);
                    }
                    else
                    {
                        result.AddError($"--endpoint: \"{token.Value}\" is not an http:// or https:// address.");
                    }
                }

                return [.. endpoints];
            },
        };
        return option;
    }

    /// <summary>One http:// or https:// address, refused with the option's name otherwise.</summary>
    public static Option<Uri> Address(string name, string description, bool required = true) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            result.AddError($"{name}: \"{text}\" is not an http:// or https:// address.");
            return null!;
        },
    };

    /// <summary>The token that sets a run up; SOCIALCARE_TOKEN when not given.</summary>
    /// <summary>--threshold, refused at parse time when it cannot be read (run judges by it, plan says how long a run needs for it).</summary>
    public static Option<string[]> Thresholds() => new("--threshold")
    {
        Description = "A limit that fails the run (exit code 2) when missed, e.g. p99<50ms, ingest_unary:p99.9<200ms, error-rate<1%, ingest_stream:rps>1000. Repeatable. Without a run-wide error-rate limit, error-rate<1% applies.",
        CustomParser = result =>
        {
            foreach (var token in result.Tokens)
            {
                try
                {
                    Reporting.Threshold.Parse(token.Value);
                }
                catch (FormatException bad)
                {
                    result.AddError(bad.Message);
                }
            }

            return [.. result.Tokens.Select(t => t.Value)];
        },
    };

    public static Option<string?> Token() => new("--token")
    {
        Description = "A bearer token with the operator and admin roles, to create the run's tenant and its API key (default: $SOCIALCARE_TOKEN, else a development token from a development host).",
        DefaultValueFactory = _ => System.Environment.GetEnvironmentVariable("SOCIALCARE_TOKEN"),
    };
}
