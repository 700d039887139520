using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Triage;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>A brand's corrections and trained models in PostgreSQL (V010 socialcare_triage_labels and socialcare_triage_models).</summary>
internal sealed class PostgresTriageModelStore(NpgsqlDataSource lookups) : ITriageModelStore
{
    private const string UpsertLabel = """
        INSERT INTO socialcare_triage_labels (tenant_id, conversation_id, message_id, text, category, sentiment, corrected_by, corrected_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (tenant_id, conversation_id, message_id) DO UPDATE
        SET text = EXCLUDED.text, category = EXCLUDED.category, sentiment = EXCLUDED.sentiment,
            corrected_by = EXCLUDED.corrected_by, corrected_at = EXCLUDED.corrected_at
        """;

    private const string RecentLabels = """
        SELECT tenant_id, conversation_id, message_id, text, category, sentiment, corrected_by, corrected_at
        FROM socialcare_triage_labels
        WHERE tenant_id = $1
        ORDER BY corrected_at DESC
        LIMIT $2
        """;

    // The next version is numbered in the insert itself; two trainings finishing together for
    // one tenant and task collide on the key, and the later one is numbered again.
    private const string InsertModel = """
        INSERT INTO socialcare_triage_models (tenant_id, task, version, created_at, description, content)
        SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5
        FROM socialcare_triage_models
        WHERE tenant_id = $1 AND task = $2
        RETURNING version
        """;

    private const string Models = """
        SELECT version, description FROM socialcare_triage_models
        WHERE tenant_id = $1
        ORDER BY created_at DESC, version DESC
        """;

    private const string Model = """
        SELECT description, content FROM socialcare_triage_models
        WHERE tenant_id = $1 AND task = $2 AND version = $3
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordLabelAsync(TriageLabel label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        await using var command = lookups.CreateCommand(UpsertLabel);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = label.TenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = label.ConversationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = label.MessageId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = label.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = label.Category is { } c ? (short)c : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = label.Sentiment is { } s ? (short)s : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = label.CorrectedBy });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = label.CorrectedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TriageLabel>> ListLabelsAsync(string tenantId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(RecentLabels);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var labels = new List<TriageLabel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            labels.Add(new TriageLabel(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : (Category)reader.GetInt16(4),
                reader.IsDBNull(5) ? null : (Sentiment)reader.GetInt16(5),
                reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return labels;
    }

    public async Task<TriageModelVersion> AddModelAsync(TriageModelVersion model, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(content);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = lookups.CreateCommand(InsertModel);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = model.TenantId });
                command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)model.Task });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = model.CreatedAt });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(model with { Version = 0 }, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = content });
                var version = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
                return model with { Version = version };
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 5)
            {
                // Another training of this task took the number first: number this one again.
            }
        }
    }

    public async Task<IReadOnlyList<TriageModelVersion>> ListModelsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(Models);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        var models = new List<TriageModelVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(Describe(reader.GetInt32(0), reader.GetString(1)));
        }

        return models;
    }

    public async Task<StoredTriageModel?> ReadModelAsync(string tenantId, TriageTask task, int version, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(Model);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)task });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredTriageModel(Describe(version, reader.GetString(0)), reader.GetFieldValue<byte[]>(1));
    }

    private static TriageModelVersion Describe(int version, string description) =>
        JsonSerializer.Deserialize<TriageModelVersion>(description, Json)! with { Version = version };
}
