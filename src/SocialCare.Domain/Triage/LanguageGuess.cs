namespace SocialCare.Domain.Triage;

/// <summary>
/// English or French, from the short function words every sentence has ("the", "is", "le",
/// "est"), which a post of a few words still carries; null when neither shows or they tie.
/// </summary>
public static class LanguageGuess
{
    private static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "the", "is", "are", "was", "were", "and", "to", "of", "my", "you", "your", "it", "this", "that", "for", "with", "on", "in", "not",
        "have", "has", "i", "me", "we", "they", "be", "been", "do", "does", "did", "what", "why", "how", "when", "where", "just", "can",
        "will", "would", "but", "so", "from", "at", "an", "no", "again", "please", "thanks", "thank", "get", "got",
    };

    private static readonly HashSet<string> French = new(StringComparer.Ordinal)
    {
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "sont", "je", "j'ai", "tu", "il", "elle", "nous", "vous", "ils",
        "ce", "c'est", "cette", "mon", "ma", "mes", "ton", "votre", "vos", "pas", "ne", "n'est", "que", "qui", "pour", "avec", "sur",
        "dans", "au", "aux", "mais", "ou", "tres", "plus", "moi", "toi", "rien", "jamais", "quand", "pourquoi", "comment", "merci", "bonjour",
        "suis", "ai", "a", "fait", "faire", "etre", "avoir", "y", "en", "on", "ca", "deja", "encore", "aussi", "trop", "bien",
    };

    public static string? Detect(IReadOnlyList<TriageToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var english = 0;
        var french = 0;
        foreach (var token in tokens)
        {
            if (token.Kind != TokenKind.Word)
            {
                continue;
            }

            english += English.Contains(token.Key) ? 1 : 0;
            french += French.Contains(token.Key) ? 1 : 0;
            // Accented letters are French's, in these two.
            french += token.Text != token.Key && token.Text.ToLowerInvariant() != token.Key ? 1 : 0;
        }

        return english > french ? "en" : french > english ? "fr" : null;
    }
}
