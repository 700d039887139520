using System.Globalization;

namespace SocialCare.Domain.Triage;

/// <summary>
/// Word and phrase valences on VADER's scale (-4..+4), English (VADER's lexicon under the care
/// desk's own words, which win) and French (the project's own). Keys are <see cref="TriageText.Key"/>
/// forms; phrases are keys joined by single spaces. Loaded once from the assembly.
/// </summary>
public sealed class ValenceLexicon
{
    private readonly Dictionary<string, double> _english;
    private readonly Dictionary<string, double> _french;

    private ValenceLexicon(Dictionary<string, double> english, Dictionary<string, double> french)
    {
        _english = english;
        _french = french;
        LongestPhrase = english.Keys.Concat(french.Keys).Max(k => k.Count(c => c == ' ') + 1);
        _phraseStarts = english.Keys.Concat(french.Keys).Where(k => k.Contains(' ', StringComparison.Ordinal)).Select(k => k[..k.IndexOf(' ', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
    }

    private readonly HashSet<string> _phraseStarts;

    /// <summary>Whether some entry of two or more words starts with this word (most words start none, and need no phrase lookup).</summary>
    public bool StartsPhrase(string key) => _phraseStarts.Contains(key);

    public static ValenceLexicon Shared => field ??= Load();

    /// <summary>The most words in one entry.</summary>
    public int LongestPhrase { get; }

    public bool TryGet(string key, string? language, out double valence)
    {
        // French text is read with the French list first; English and undetected text with the
        // English one first; each falls back on the other (tweets mix languages).
        var (first, second) = language == "fr" ? (_french, _english) : (_english, _french);
        return first.TryGetValue(key, out valence) || second.TryGetValue(key, out valence);
    }

    private static ValenceLexicon Load()
    {
        var english = Read("vader-en.tsv");
        foreach (var (key, value) in Read("care-en.tsv"))
        {
            english[key] = value;
        }

        return new ValenceLexicon(english, Read("fr.tsv"));
    }

    private static Dictionary<string, double> Read(string file)
    {
        using var stream = typeof(ValenceLexicon).Assembly.GetManifestResourceStream($"socialcare.lexicon.{file}")
            ?? throw new InvalidOperationException($"The lexicon {file} is not embedded in {typeof(ValenceLexicon).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var entries = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0 && double.TryParse(line.AsSpan(tab + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
            {
                entries[string.Join(' ', TriageText.Key(line[..tab]).Split(' ', StringSplitOptions.RemoveEmptyEntries))] = valence;
            }
        }

        return entries;
    }
}
