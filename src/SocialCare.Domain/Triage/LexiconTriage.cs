using System.Globalization;
using System.Text.RegularExpressions;
using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Triage;

/// <summary>
/// The default triage, with no training: a valence lexicon read the way people write on social
/// networks (negation, intensifiers, "but", capitals, "!!!", emoji, sarcasm), in English and
/// French, and a category decided from the whole message, where a complaint wins over a booking
/// question and can be phrased as a question, a fact or a thank-you. Every result lists the cues
/// that decided it.
/// </summary>
/// <remarks>
/// The arithmetic follows the published VADER rules (a word's valence pushed 0.293 by an
/// intensifier, 0.733 by capitals, flipped and damped by 0.74 by a negation within three words,
/// the words before "but" halved and those after it made half as heavy again, the sum squashed into
/// -1..1 by x / sqrt(x² + 15)); the care-desk rules on top are this project's.
/// </remarks>
public sealed partial class LexiconTriage : ITriageClassifier
{
    private const double Boost = 0.293;
    private const double ShoutBoost = 0.733;
    private const double NegationScale = -0.74;
    private const double Squash = 15;

    /// <summary>Valence from which a message reads positive or negative (squashed scale).</summary>
    private const double PositiveFrom = 0.35;
    private const double NegativeFrom = -0.2;

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot", "cant", "can't", "dont", "don't", "doesnt",
        "doesn't", "didnt", "didn't", "isnt", "isn't", "wasnt", "wasn't", "arent", "aren't", "werent", "weren't", "wont", "won't", "wouldnt",
        "wouldn't", "couldnt", "couldn't", "shouldnt", "shouldn't", "havent", "haven't", "hasnt", "hasn't", "hadnt", "hadn't", "aint", "ain't",
        "without", "lack", "lacks", "lacking",
        "ne", "n'", "pas", "jamais", "rien", "aucun", "aucune", "sans", "personne", "ni",
    };

    private static readonly Dictionary<string, double> Intensifiers = new(StringComparer.Ordinal)
    {
        ["very"] = Boost, ["really"] = Boost, ["so"] = Boost, ["extremely"] = Boost, ["totally"] = Boost, ["absolutely"] = Boost,
        ["incredibly"] = Boost, ["completely"] = Boost, ["utterly"] = Boost, ["super"] = Boost, ["too"] = Boost, ["most"] = Boost,
        ["highly"] = Boost, ["truly"] = Boost, ["seriously"] = Boost, ["beyond"] = Boost, ["such"] = Boost, ["fucking"] = Boost,
        ["tres"] = Boost, ["vraiment"] = Boost, ["trop"] = Boost, ["tellement"] = Boost, ["hyper"] = Boost, ["completement"] = Boost,
        ["totalement"] = Boost, ["grave"] = Boost, ["carrement"] = Boost, ["si"] = Boost,
        ["slightly"] = -Boost, ["somewhat"] = -Boost, ["kinda"] = -Boost, ["barely"] = -Boost, ["bit"] = -Boost, ["fairly"] = -Boost,
        ["peu"] = -Boost, ["assez"] = -Boost, ["plutot"] = -Boost,
    };

    private static readonly HashSet<string> Contrasts = new(StringComparer.Ordinal) { "but", "however", "yet", "mais", "pourtant", "cependant", "sauf" };

    private static readonly Dictionary<string, double> EmojiValence = new(StringComparer.Ordinal)
    {
        ["😡"] = -3, ["😠"] = -2.8, ["🤬"] = -3.4, ["😤"] = -2, ["😢"] = -2.2, ["😭"] = -1.6, ["😞"] = -2.2, ["😔"] = -2, ["😒"] = -2,
        ["🙄"] = -1.8, ["👎"] = -2.2, ["💩"] = -2, ["😩"] = -2.2, ["😫"] = -2.2, ["🤦"] = -1.8, ["😑"] = -1.2, ["😐"] = -0.6, ["😕"] = -1.5,
        ["🙁"] = -1.8, ["☹"] = -2, ["😖"] = -2, ["😣"] = -2, ["💔"] = -2.5, ["😓"] = -1.6, ["😰"] = -2, ["😱"] = -1.8, ["🤮"] = -3,
        ["😂"] = 1.2, ["🤣"] = 1.2, ["😊"] = 2.2, ["🙂"] = 1.4, ["😀"] = 2.2, ["😃"] = 2.2, ["😄"] = 2.4, ["😁"] = 2.2, ["😍"] = 3,
        ["🥰"] = 3, ["❤"] = 3, ["💙"] = 2.6, ["💕"] = 2.8, ["💖"] = 2.8, ["😘"] = 2.6, ["👍"] = 2, ["👏"] = 2.2, ["🙏"] = 1.2, ["🎉"] = 2.5,
        ["✨"] = 1.4, ["😎"] = 1.8, ["🥳"] = 2.8, ["💯"] = 1.8, ["😉"] = 1.4, ["🙌"] = 2.2, ["⭐"] = 1.6, ["🌟"] = 1.8, ["☺"] = 2,
    };

    // Sarcasm a lexicon reads as praise: thanks or praise for a failure. The failure words are the
    // care desk's; "for nothing"/"pour rien" and "#not" need no failure word.
    [GeneratedRegex(@"\b(thanks?( you)?|thx|merci|great|love|nice|awesome|fantastic|wonderful|perfect|brilliant|bravo|super|genial|excellent)\b[^.!?]{0,40}?\b(for nothing|pour rien|(lack|absence) of|another (delay|hour|cancel)|delay(ed|s)?|cancel(l)?(ed|ing|ation)?|los(t|e|ing)|wait(ing|ed)?|on hold|stranded|stuck|miss(ed|ing)|late|no (help|answer|response|reply)|ruin(ed|ing)?|wast(e|ed|ing)|retard(s)?|annul(e|ee|ation)|perdu(e)?|attente)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PraiseForFailure();

    [GeneratedRegex(@"(#not\b|#sarcasm|\byeah right\b|\boh great\b|\bjust great\b|\bwhat a (great|wonderful|fantastic) (way|service|experience)\b|\bcomme d'habitude\b|\bas usual\b|\bonce again\b)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SarcasmMarker();

    private static readonly string[] SpamCues =
    [
        "follow back", "follow for follow", "free followers", "click here", "dm for promo", "crypto giveaway", "earn money fast",
        "work from home and earn", "promo code in bio", "giveaway", "win a free", "check out my", "subscribe to my",
    ];

    private static readonly string[] IncidentCues =
    [
        "outage", "is down", "are down", "went down", "site down", "app down", "website down", "not working", "isn't working", "doesn't work",
        "does not work", "won't load", "wont load", "can't log in", "cant log in", "cannot log in", "can't login", "cannot login", "error message",
        "error code", "keeps crashing", "crashed", "crashes", "server error", "system down", "systems down", "wifi not", "wi-fi not",
        "en panne", "ne fonctionne pas", "ne marche pas", "marche pas", "bug", "plante",
    ];

    // Words of a service failure: with a message that is not positive, they make it a complaint
    // even when it is phrased as a question or a plain fact.
    private static readonly string[] ComplaintCues =
    [
        "worst", "terrible", "awful", "horrible", "unacceptable", "disgusting", "ridiculous", "pathetic", "appalling", "disappointed",
        "disappointing", "furious", "angry", "fed up", "never again", "never fly", "rude", "complaint", "complain", "refund", "compensation",
        "compensate", "lost my", "lost our", "lost luggage", "lost bag", "lost baggage", "damaged", "broken", "still waiting", "been waiting",
        "on hold", "no one answers", "nobody answers", "no response", "no answer", "no reply", "cancelled", "canceled", "delayed", "delay",
        "missed my", "missed our", "stranded", "stuck", "overbooked", "shame on", "scam", "useless", "overcharged", "double charged", "charged twice",
        "never received", "never arrived", "still no", "still not", "hasn't arrived", "didn't arrive", "not arrived", "where is my", "where's my",
        "mistake", "horrendous", "incompetent", "unhelpful", "waste", "wasted", "hung up", "late", "lied",
        "ignored", "ignoring", "worse", "sucks", "fail", "failed", "nightmare", "joke", "frustrated", "frustrating", "annoyed", "upset",
        "inadmissible", "honte", "nul", "nulle", "scandale", "remboursement", "rembourser", "retard", "annule", "annulation", "perdu",
        "decu", "decue", "toujours pas", "jamais recu", "plainte", "inacceptable", "arnaque",
    ];

    private static readonly string[] BookingCues =
    [
        "booking", "book a", "booked", "reservation", "reserve", "rebook", "itinerary", "confirmation number", "confirmation code", "my order",
        "order number", "tracking", "delivery", "my ticket", "tickets", "seat", "upgrade", "check-in", "check in", "boarding pass", "change my flight",
        "change my booking", "cancel my", "baggage allowance", "fare", "flight to", "flights to", "miles", "points", "reservation", "commande",
        "billet", "vol pour", "reserver",
    ];

    private static readonly string[] PraiseCues =
    [
        "thank", "thanks", "thx", "great job", "great service", "love", "awesome", "amazing", "excellent", "the best", "appreciate", "kudos",
        "well done", "wonderful", "fantastic", "brilliant", "merci", "bravo", "genial", "super", "top",
    ];

    private static readonly string[] QuestionStarts =
    [
        "how", "can", "could", "what", "when", "where", "why", "is", "are", "do", "does", "will", "would", "should", "who", "which", "any",
        "est-ce", "comment", "pourquoi", "quand", "ou", "quel", "quelle", "combien", "puis-je", "pouvez-vous",
    ];

    private readonly ValenceLexicon _lexicon = ValenceLexicon.Shared;

    public TriageResult Classify(string text, AuthorProfile author)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(author);
        var reading = Read(text);
        var (category, confidence, reason) = Categorize(reading);
        return new TriageResult(category, PriorityRules.For(category, author), reading.Sentiment, reason)
        {
            Cues = reading.Cues,
            Confidence = Math.Round(confidence, 2),
            Language = reading.Language,
            Valence = Math.Round(reading.Valence, 3),
        };
    }

    /// <summary>What the text says, before a category is chosen.</summary>
    private sealed record Reading(
        string Text,
        string Folded,
        string? Language,
        double Valence,
        Sentiment Sentiment,
        bool Sarcastic,
        bool Asks,
        List<string> Cues);

    private Reading Read(string text)
    {
        var tokens = TriageText.Tokenize(text);
        var language = LanguageGuess.Detect(tokens);
        var folded = " " + string.Join(' ', tokens.Where(t => t.Kind is TokenKind.Word or TokenKind.Mark).Select(t => t.Text.StartsWith('#') ? "#" + t.Key : t.Key)) + " ";
        var cues = new List<string>();
        var valence = Valence(tokens, language, cues);
        var sarcastic = false;
        if (valence > -0.3 && (PraiseForFailure().Match(folded) is { Success: true } praise ? praise : SarcasmMarker().Match(folded)) is { Success: true } sarcasm)
        {
            // Praise for a failure is a complaint said politely or bitterly; either way negative.
            sarcastic = true;
            cues.Add($"sarcasm: \"{sarcasm.Value.Trim()}\"");
            valence = Math.Min(-0.45, -Math.Abs(valence));
        }

        var sentiment = valence >= PositiveFrom ? Sentiment.Positive : valence <= NegativeFrom ? Sentiment.Negative : Sentiment.Neutral;
        var words = tokens.Where(t => t.Kind == TokenKind.Word).ToList();
        var asks = tokens.Any(t => t.Kind == TokenKind.Mark && t.Text == "?")
            || (words.Count > 0 && QuestionStarts.Contains(words[0].Key, StringComparer.Ordinal) && words.Count <= 20);
        return new Reading(text, folded, language, valence, sentiment, sarcastic, asks, cues);
    }

    /// <summary>The message's valence in -1..1, noting what moved it.</summary>
    private double Valence(IReadOnlyList<TriageToken> tokens, string? language, List<string> cues)
    {
        var shoutedText = tokens.Where(t => t.Kind == TokenKind.Word).All(t => t.IsShouted);
        var contrastAt = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.Word && Contrasts.Contains(tokens[i].Key))
            {
                contrastAt = i;
            }
        }

        var sum = 0.0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            double valence;
            var span = 1;
            string shown;
            switch (token.Kind)
            {
                case TokenKind.Word:
                    if (!TryPhrase(tokens, i, language, out valence, out span, out shown))
                    {
                        continue;
                    }

                    break;
                case TokenKind.Emoticon:
                    if (!_lexicon.TryGet(token.Key, language, out valence))
                    {
                        continue;
                    }

                    shown = token.Text;
                    break;
                case TokenKind.Emoji:
                    if (!EmojiValence.TryGetValue(token.Key, out valence))
                    {
                        continue;
                    }

                    shown = token.Text;
                    break;
                default:
                    continue;
            }

            if (valence == 0)
            {
                i += span - 1;
                continue;
            }

            var sign = Math.Sign(valence);
            var note = shown;
            for (var back = 1; back <= 3 && i - back >= 0 && tokens[i - back].Kind == TokenKind.Word; back++)
            {
                if (Intensifiers.TryGetValue(tokens[i - back].Key, out var push))
                {
                    // Farther intensifiers push less, as in VADER.
                    valence += sign * push * (back == 1 ? 1 : back == 2 ? 0.95 : 0.9);
                    note = $"{tokens[i - back].Text} {note}";
                }
            }

            if (token.IsShouted && !shoutedText)
            {
                valence += sign * ShoutBoost;
                note = $"{note} (capitals)";
            }

            if (Negated(tokens, i, language))
            {
                valence *= NegationScale;
                note = $"negated: {note}";
            }

            if (contrastAt >= 0)
            {
                valence *= i < contrastAt ? 0.5 : 1.5;
            }

            cues.Add($"{note} {valence.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)}");
            sum += valence;
            i += span - 1;
        }

        var exclamations = Math.Min(4, tokens.Count(t => t.Kind == TokenKind.Mark && t.Text == "!"));
        if (sum != 0 && exclamations > 0)
        {
            sum += Math.Sign(sum) * exclamations * 0.292;
            cues.Add($"{new string('!', exclamations)} emphasis");
        }

        return sum / Math.Sqrt((sum * sum) + Squash);
    }

    /// <summary>The longest lexicon entry starting at word <paramref name="i"/>.</summary>
    private bool TryPhrase(IReadOnlyList<TriageToken> tokens, int i, string? language, out double valence, out int span, out string shown)
    {
        for (span = Math.Min(_lexicon.LongestPhrase, tokens.Count - i); span >= 1; span--)
        {
            if (Enumerable.Range(i, span).Any(j => tokens[j].Kind != TokenKind.Word))
            {
                continue;
            }

            var key = span == 1 ? tokens[i].Key : string.Join(' ', Enumerable.Range(i, span).Select(j => tokens[j].Key));
            if (_lexicon.TryGet(key, language, out valence))
            {
                shown = span == 1 ? tokens[i].Text : string.Join(' ', Enumerable.Range(i, span).Select(j => tokens[j].Text));
                return true;
            }
        }

        valence = 0;
        span = 1;
        shown = "";
        return false;
    }

    /// <summary>A negation among the three words before, within the same clause ("not", "n't", French "ne ... pas" around the word).</summary>
    private static bool Negated(IReadOnlyList<TriageToken> tokens, int i, string? language)
    {
        for (var back = 1; back <= 3 && i - back >= 0; back++)
        {
            var before = tokens[i - back];
            if (before.Kind != TokenKind.Word)
            {
                break;
            }

            if (Negators.Contains(before.Key) || before.Key.EndsWith("n't", StringComparison.Ordinal) || before.Key.StartsWith("n'", StringComparison.Ordinal))
            {
                return true;
            }
        }

        // French puts "pas", "plus", "jamais" after the verb: "ce n'est pas terrible" reaches the
        // adjective; "je ne suis plus content".
        return language == "fr" && i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Word && tokens[i + 1].Key is "pas" or "jamais" or "plus" && i > 0
            && Enumerable.Range(Math.Max(0, i - 3), Math.Min(3, i)).Any(j => tokens[j].Key is "ne" or "n'" || tokens[j].Key.StartsWith("n'", StringComparison.Ordinal));
    }

    private static (Category Category, double Confidence, string Reason) Categorize(Reading reading)
    {
        var text = reading.Folded;
        if (Find(text, SpamCues) is { } spam)
        {
            reading.Cues.Add($"spam: \"{spam}\"");
            return (Category.Spam, 0.8, $"spam cue \"{spam}\"");
        }

        var complaintCue = Find(text, ComplaintCues);
        if (Find(text, IncidentCues) is { } incident && reading.Sentiment != Sentiment.Positive)
        {
            reading.Cues.Add($"incident: \"{incident}\"");
            return (Category.Incident, 0.7 + (0.3 * Math.Max(0, -reading.Valence)), $"incident cue \"{incident}\"");
        }

        // A complaint: negative, sarcastic, or a failure named in a message that is not praise
        // (also when it is a question: "why is my bag still not here?").
        if (reading.Sarcastic || reading.Sentiment == Sentiment.Negative || (complaintCue is not null && reading.Valence < PositiveFrom))
        {
            var why = reading.Sarcastic ? "sarcasm" : complaintCue is not null ? $"complaint cue \"{complaintCue}\"" : "negative";
            if (complaintCue is not null)
            {
                reading.Cues.Add($"complaint: \"{complaintCue}\"");
            }

            var confidence = 0.55 + (0.25 * Math.Min(1, Math.Abs(reading.Valence) * 1.5)) + (complaintCue is not null ? 0.15 : 0) + (reading.Sarcastic ? 0.05 : 0);
            return (Category.Complaint, Math.Min(0.99, confidence), $"{why} (valence {reading.Valence.ToString("0.00", CultureInfo.InvariantCulture)})");
        }

        // Thanks for a booking matter is still thanks.
        if (reading.Sentiment == Sentiment.Positive && !reading.Asks && Find(text, PraiseCues) is { } thanks)
        {
            reading.Cues.Add($"praise: \"{thanks}\"");
            return (Category.Praise, 0.6 + (0.35 * reading.Valence), $"praise cue \"{thanks}\"");
        }

        if (Find(text, BookingCues) is { } booking)
        {
            reading.Cues.Add($"booking: \"{booking}\"");
            return (Category.BookingHelp, 0.7, $"booking cue \"{booking}\"");
        }

        if (reading.Sentiment == Sentiment.Positive && !reading.Asks)
        {
            return (Category.Praise, 0.5 + (0.35 * reading.Valence), "positive");
        }

        if (reading.Asks)
        {
            return (Category.Question, 0.7, "asks a question");
        }

        return (Category.Remark, 0.5, reading.Sentiment == Sentiment.Positive ? "positive remark" : "no cue matched");
    }

    /// <summary>The first cue found as whole words in the folded text (" word word ").</summary>
    private static string? Find(string folded, string[] cues)
    {
        foreach (var cue in cues)
        {
            if (folded.Contains($" {cue} ", StringComparison.Ordinal))
            {
                return cue;
            }
        }

        return null;
    }
}
