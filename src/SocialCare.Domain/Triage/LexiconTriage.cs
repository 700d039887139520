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

    /// <summary>
    /// Courtesy words: praise on their own, mere manners in a message about a problem ("thanks,
    /// but my bag is still missing"), where they count for nothing.
    /// </summary>
    private static readonly HashSet<string> Courtesies = new(StringComparer.Ordinal)
    {
        "thanks", "thank", "thx", "ty", "please", "pls", "appreciate", "appreciated", "hi", "hello", "hey", "kindly", "merci", "svp", "bonjour",
    };

    /// <summary>Service verbs that, negated, report a problem ("hasn't shipped", "can't log in", "not received").</summary>
    private static readonly HashSet<string> ServiceVerbs = new(StringComparer.Ordinal)
    {
        "shipped", "ship", "arrived", "arrive", "received", "receive", "working", "work", "works", "load", "loading", "available", "get", "got",
        "reply", "replied", "respond", "responded", "answer", "answered", "help", "helped", "connect", "connecting", "open", "opening", "start",
        "print", "sync", "update", "updated", "install", "log", "login", "sign", "access", "send", "sent", "deliver", "delivered", "refund",
        "refunded", "fixed", "fix", "resolved", "find", "found", "charge", "cancel", "contact", "contacted", "call", "called", "hear", "heard",
        "turn", "play", "pay", "use", "see", "download", "reach", "recu", "arrive", "marche", "fonctionne", "repondu", "rembourse", "livre",
        "dispatched", "dispatch", "processed", "process", "credited", "showing", "show", "allow", "allowing", "accept", "accepted", "come",
        "let", "lets", "letting", "allowed", "resolve", "sorted", "power", "powering", "charging", "shown", "return", "returned", "exist",
        "exists", "apply", "applied", "responding", "answering", "listen", "listening", "honor", "honour", "honored", "valid", "recognise",
        "recognize", "load", "loads", "boot", "booting", "play", "playing", "reverify", "verify", "verified", "change", "changed", "unlock",
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
    // care desk's; "for nothing"/"pour rien" and "#not" need no failure word. Both patterns run
    // without backtracking (time linear in the text), so they need no timeout: a timeout is wall
    // time, and a GC pause under memory pressure made one fire and fail a customer's message.
    [GeneratedRegex(@"\b(thanks?( you)?|thx|merci|great|love|nice|awesome|fantastic|wonderful|perfect|brilliant|bravo|super|genial|excellent)\b[^.!?]{0,40}?\b(for nothing|pour rien|(lack|absence) of|another (delay|hour|cancel)|delay(ed|s)?|cancel(l)?(ed|ing|ation)?|los(t|e|ing)|wait(ing|ed)?|on hold|stranded|stuck|miss(ed|ing)|late|no (help|answer|response|reply)|ruin(ed|ing)?|wast(e|ed|ing)|retard(s)?|annul(e|ee|ation)|perdu(e)?|attente)\b",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PraiseForFailure();

    [GeneratedRegex(@"(#not\b|#sarcasm|\byeah right\b|\boh great\b|\bjust great\b|\bwhat a (great|wonderful|fantastic) (way|service|experience)\b|\bcomme d'habitude\b|\bas usual\b|\bonce again\b)",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
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
        "apps down", "internet down", "been down", "service down", "network down", "server down", "servers down", "no internet", "no service",
        "no signal", "no power", "power outage",
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
        "supposed to", "please explain", "come on", "smh", "act together", "been sitting", "urgent", "already sent", "losing trust", "lost trust",
        "what happened", "what's going on", "whats going on", "what is going on", "why is", "why are", "why does", "why do", "why did",
        "why would", "why has", "why have", "how come", "yet again", "not acceptable", "not good enough", "no respon", "unable to", "died",
        "pourquoi", "toujours rien", "aucune reponse",
        // Chasers: a customer asking to be answered is waiting on the brand. ("Help me" and
        // "please help" are not here: "can you help me rebook?" is booking help, not a complaint.)
        "any update", "any updates", "any answer", "any news", "any response", "please reply",
        "please respond", "reply to my", "respond to my", "answer my", "still haven't", "still hasn't", "still can't", "still cant",
        "still doesn't", "still don't", "still isn't", "still won't", "not allowed", "won't let", "wont let", "doesn't let", "doesnt let",
        "not even", "absurd", "glitch", "glitches", "glitching", "hostage", "expired", "dammit", "wtf", "#fail", "days later", "weeks later",
        "hours later", "erroneously", "discriminates", "discrimination", "not happy", "unhappy", "so mad", "mad", "no way", "rip off", "ripoff",
        "false advertising", "misleading", "disgrace", "shambles", "poor service", "bad service", "customer service", "wrong",
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
        // A complaint or an outage report is negative even when no word says so ("my order hasn't
        // shipped"): the customer is not neutral about it.
        var sentiment = category is Category.Complaint or Category.Incident && reading.Sentiment == Sentiment.Neutral ? Sentiment.Negative : reading.Sentiment;
        return new TriageResult(category, PriorityRules.For(category, author), sentiment, reason)
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
        var questionMark = tokens.Any(t => t.Kind == TokenKind.Mark && t.Text == "?");
        var valence = Valence(tokens, language, questionMark, cues);
        var sarcastic = false;
        if ((PraiseForFailure().Match(folded) is { Success: true } praise ? praise : SarcasmMarker().Match(folded)) is { Success: true } sarcasm)
        {
            // Praise for a failure is a complaint said politely or bitterly; either way negative.
            sarcastic = true;
            cues.Add($"sarcasm: \"{sarcasm.Value.Trim()}\"");
            valence = Math.Min(-0.45, -Math.Abs(valence));
        }

        if (ProblemReport(tokens) is { } problem)
        {
            // "My order hasn't shipped", "why can't I log in": no feeling word, still a failure.
            cues.Add($"problem: \"{problem}\"");
            valence = Math.Min(valence, -0.25);
        }

        var sentiment = valence >= PositiveFrom ? Sentiment.Positive : valence <= NegativeFrom ? Sentiment.Negative : Sentiment.Neutral;
        var words = tokens.Where(t => t.Kind == TokenKind.Word).ToList();
        var asks = questionMark
            || (words.Count > 0 && QuestionStarts.Contains(words[0].Key, StringComparer.Ordinal) && words.Count <= 20);
        return new Reading(text, folded, language, valence, sentiment, sarcastic, asks, cues);
    }

    /// <summary>The message's valence in -1..1, noting what moved it.</summary>
    /// <param name="questionMark">The text asks something ("?"): courtesy then counts for nothing.</param>
    private double Valence(IReadOnlyList<TriageToken> tokens, string? language, bool questionMark, List<string> cues)
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
        var courtesy = 0.0;
        var troubled = false;
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

            // A negation reaches words, not the emoji after them ("hasn't arrived 😡" is angry).
            if (token.Kind == TokenKind.Word && Negated(tokens, i, language))
            {
                valence *= NegationScale;
                note = $"negated: {note}";
            }

            if (contrastAt >= 0)
            {
                valence *= i < contrastAt ? 0.5 : 1.5;
            }

            cues.Add($"{note} {valence.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)}");
            if (span == 1 && token.Kind == TokenKind.Word && Courtesies.Contains(token.Key) && valence > 0)
            {
                courtesy += valence;
            }
            else
            {
                troubled |= valence <= -1;
                sum += valence;
            }

            i += span - 1;
        }

        if ((troubled || questionMark) && courtesy > 0)
        {
            // "Thanks" closing a question or a problem report is manners, not praise.
            cues.Add("courtesy in a question or a problem report: not counted");
        }
        else
        {
            sum += courtesy;
        }

        var exclamations = Math.Min(4, tokens.Count(t => t.Kind == TokenKind.Mark && t.Text == "!"));
        if (sum != 0 && exclamations > 0)
        {
            sum += Math.Sign(sum) * exclamations * 0.292;
            cues.Add($"{new string('!', exclamations)} emphasis");
        }

        return sum / Math.Sqrt((sum * sum) + Squash);
    }

    /// <summary>
    /// A service that did not do its job, said plainly: a negation before a service verb ("hasn't
    /// shipped", "can't log in", "n'est pas arrivé"), or "why" with a negation ("why can't I").
    /// </summary>
    private static string? ProblemReport(IReadOnlyList<TriageToken> tokens)
    {
        var why = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind != TokenKind.Word)
            {
                why = why && token.Kind != TokenKind.Mark;
                continue;
            }

            why |= token.Key is "why" or "pourquoi";
            var negation = Negators.Contains(token.Key) || token.Key.EndsWith("n't", StringComparison.Ordinal) || token.Key is "cannot";
            if (!negation || token.Key is "no" or "nothing" or "without" or "sans" or "personne")
            {
                continue;
            }

            if (why)
            {
                return $"why ... {token.Text}";
            }

            for (var ahead = 1; ahead <= 3 && i + ahead < tokens.Count && tokens[i + ahead].Kind == TokenKind.Word; ahead++)
            {
                if (ServiceVerbs.Contains(tokens[i + ahead].Key))
                {
                    return string.Join(' ', Enumerable.Range(i, ahead + 1).Select(j => tokens[j].Text));
                }
            }
        }

        return null;
    }

    /// <summary>The longest lexicon entry starting at word <paramref name="i"/>.</summary>
    private bool TryPhrase(IReadOnlyList<TriageToken> tokens, int i, string? language, out double valence, out int span, out string shown)
    {
        if (_lexicon.StartsPhrase(tokens[i].Key))
        {
            var words = 1;
            while (words < _lexicon.LongestPhrase && i + words < tokens.Count && tokens[i + words].Kind == TokenKind.Word)
            {
                words++;
            }

            for (span = words; span >= 2; span--)
            {
                if (_lexicon.TryGet(Join(tokens, i, span, static t => t.Key), language, out valence))
                {
                    shown = Join(tokens, i, span, static t => t.Text);
                    return true;
                }
            }
        }

        span = 1;
        shown = tokens[i].Text;
        return _lexicon.TryGet(tokens[i].Key, language, out valence);
    }

    private static string Join(IReadOnlyList<TriageToken> tokens, int start, int count, Func<TriageToken, string> part)
    {
        var joined = new System.Text.StringBuilder(part(tokens[start]));
        for (var j = start + 1; j < start + count; j++)
        {
            joined.Append(' ').Append(part(tokens[j]));
        }

        return joined.ToString();
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
        if (language != "fr" || i + 1 >= tokens.Count || tokens[i + 1].Kind != TokenKind.Word || tokens[i + 1].Key is not ("pas" or "jamais" or "plus"))
        {
            return false;
        }

        for (var j = Math.Max(0, i - 3); j < i; j++)
        {
            if (tokens[j].Key is "ne" or "n'" || tokens[j].Key.StartsWith("n'", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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
            var at = folded.IndexOf(cue, StringComparison.Ordinal);
            while (at > 0)
            {
                if (folded[at - 1] == ' ' && at + cue.Length < folded.Length && folded[at + cue.Length] == ' ')
                {
                    return cue;
                }

                at = folded.IndexOf(cue, at + 1, StringComparison.Ordinal);
            }
        }

        return null;
    }
}
