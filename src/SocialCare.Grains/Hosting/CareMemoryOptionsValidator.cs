using Microsoft.Extensions.Options;

namespace SocialCare.Grains.Hosting;

/// <summary>Refuses memory settings that would fail later or do nothing, naming the setting.</summary>
internal sealed class CareMemoryOptionsValidator : IValidateOptions<CareMemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, CareMemoryOptions options)
    {
        var failures = new List<string>();
        var section = CareMemoryOptions.Section;
        if (options.HeapLimitMegabytes is < 0 or (> 0 and < CareMemoryOptions.SmallestHeapLimitMegabytes))
        {
            failures.Add(CareMemoryOptions.HeapLimitRefusal(options.HeapLimitMegabytes));
        }

        if (options.ShedAtPercent is < 10 or > 99)
        {
            failures.Add($"{section}:ShedAtPercent must be 10..99 (is {options.ShedAtPercent}).");
        }

        if (options.ShedToPercent < 5 || options.ShedToPercent >= options.ShedAtPercent)
        {
            failures.Add($"{section}:ShedToPercent must be at least 5 and below ShedAtPercent ({options.ShedAtPercent}) (is {options.ShedToPercent}).");
        }

        if (options.RefuseAtPercent <= options.ShedAtPercent || options.RefuseAtPercent > 100)
        {
            failures.Add($"{section}:RefuseAtPercent must be above ShedAtPercent ({options.ShedAtPercent}) and at most 100 (is {options.RefuseAtPercent}).");
        }

        if (options.AdmissionSampleInterval < TimeSpan.FromMilliseconds(50) || options.AdmissionSampleInterval > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{section}:AdmissionSampleInterval must be between 50 milliseconds and 10 seconds (is {options.AdmissionSampleInterval}).");
        }

        if (options.PressureCheckInterval < TimeSpan.FromMilliseconds(100) || options.PressureCheckInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:PressureCheckInterval must be between 100 milliseconds and 5 minutes (is {options.PressureCheckInterval}).");
        }

        if (options.CollectionQuantum < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{section}:CollectionQuantum must be at least 1 second (is {options.CollectionQuantum}).");
        }

        foreach (var (setting, age) in new[]
        {
            (nameof(CareMemoryOptions.CollectionAge), options.CollectionAge),
            (nameof(CareMemoryOptions.ConversationCollectionAge), options.ConversationCollectionAge),
            (nameof(CareMemoryOptions.AuthorCollectionAge), options.AuthorCollectionAge),
            (nameof(CareMemoryOptions.CustomerCollectionAge), options.CustomerCollectionAge),
        })
        {
            if (age <= options.CollectionQuantum)
            {
                failures.Add($"{section}:{setting} must be longer than CollectionQuantum ({options.CollectionQuantum}) (is {age}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
