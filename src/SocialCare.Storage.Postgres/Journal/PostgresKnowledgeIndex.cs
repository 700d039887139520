using Npgsql;
using NpgsqlTypes;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Knowledge;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Knowledge;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// Knowledge search on PostgreSQL's full-text search (V008 socialcare_knowledge). A case matches
/// when it has any of the query's words (a desk searches with a few words and wants the closest
/// cases, not only those with every word); ts_rank orders them, so a case with more of the words,
/// or with them in the customer's question, comes first.
/// </summary>
internal sealed class PostgresKnowledgeIndex(NpgsqlDataSource lookups) : IKnowledgeIndex
{
    private const string Upsert = """
        INSERT INTO socialcare_knowledge (tenant_id, conversation_id, team_id, channel, category, question, answer, resolved_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (tenant_id, conversation_id) DO UPDATE
        SET team_id = EXCLUDED.team_id, channel = EXCLUDED.channel, category = EXCLUDED.category,
            question = EXCLUDED.question, answer = EXCLUDED.answer, resolved_at = EXCLUDED.resolved_at
        """;

    // Each word becomes its own query in each language, OR-ed; words that are only stop words in a
    // language drop out of that language's query (and a query left empty matches nothing there).
    private const string Search = """
        WITH q AS (
            SELECT
                (SELECT string_agg(t, ' | ')::tsquery FROM (SELECT plainto_tsquery('english'::regconfig, w)::text AS t FROM unnest($2::text[]) AS w) AS en WHERE t <> '') AS en,
                (SELECT string_agg(t, ' | ')::tsquery FROM (SELECT plainto_tsquery('french'::regconfig, w)::text AS t FROM unnest($2::text[]) AS w) AS fr WHERE t <> '') AS fr
        )
        SELECT k.tenant_id, k.conversation_id, k.team_id, k.channel, k.category, k.question, k.answer, k.resolved_at,
               greatest(coalesce(ts_rank(k.document, q.en), 0), coalesce(ts_rank(k.document, q.fr), 0)) AS rank
        FROM socialcare_knowledge AS k, q
        WHERE k.tenant_id = $1
          AND ($3 = '' OR k.team_id = $3)
          AND (k.document @@ q.en OR k.document @@ q.fr)
        ORDER BY rank DESC, k.resolved_at DESC
        LIMIT $4
        """;

    public async Task RecordAsync(KnowledgeEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = lookups.CreateCommand(Upsert);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.TenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.ConversationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.TeamId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)entry.Channel });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)entry.Category });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Question });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Answer });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = entry.ResolvedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string tenantId, string text, IReadOnlyList<string> terms, string? teamId, int take, CancellationToken cancellationToken = default)
    {
        var words = KnowledgeText.Words(text);
        if (words.Count == 0)
        {
            return [];
        }

        await using var command = lookups.CreateCommand(Search);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. words], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = teamId ?? "" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        var hits = new List<KnowledgeHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new KnowledgeHit(
                new KnowledgeEntry(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    (Channel)reader.GetInt16(3),
                    (Category)reader.GetInt16(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.GetFieldValue<DateTimeOffset>(7)),
                reader.GetFloat(8)));
        }

        return hits;
    }
}
