using Npgsql;
using SocialCare.Domain.Triage;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>A brand's corrections and model versions in PostgreSQL, as every silo reads them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TriageModelStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private async Task<(PostgresTriageModelStore Store, NpgsqlDataSource Source)> StoreAsync()
    {
        var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        return (new PostgresTriageModelStore(source), source);
    }

    private static TriageModelVersion Model(string tenant, TriageTask task, int minutes) => new(
        tenant,
        task,
        0,
        T0.AddMinutes(minutes),
        "admin-1",
        40,
        2,
        5,
        new TriageFigures(42, 0.8, 0.75, [new TriageClassFigures("complaint", 0.7, 0.9, 0.79, 10)], [new TriageConfusion("complaint", "complaint", 9)]),
        task == TriageTask.Complaint ? 0.31 : null,
        task == TriageTask.Complaint ? 0.9 : null,
        3);

    [Fact]
    public async Task A_later_correction_of_a_message_replaces_the_earlier_and_the_newest_come_first()
    {
        var (store, source) = await StoreAsync();
        await using var _ = source;
        await store.RecordLabelAsync(new TriageLabel("acme", "c1", "1", "Where is my bag?", Category.Question, null, "jd", T0));
        await store.RecordLabelAsync(new TriageLabel("acme", "c2", "1", "Lovely crew", null, Sentiment.Positive, "kim", T0.AddMinutes(1)));
        await store.RecordLabelAsync(new TriageLabel("acme", "c1", "1", "Where is my bag?", Category.Complaint, Sentiment.Negative, "kim", T0.AddMinutes(2)));
        await store.RecordLabelAsync(new TriageLabel("other", "c1", "1", "Hello", Category.Remark, null, "x", T0));

        var labels = await store.ListLabelsAsync("acme", 10);

        Assert.Equal(["c1", "c2"], labels.Select(l => l.ConversationId));
        Assert.Equal(new TriageLabel("acme", "c1", "1", "Where is my bag?", Category.Complaint, Sentiment.Negative, "kim", T0.AddMinutes(2)), labels[0]);
        Assert.Null(labels[1].Category);
        Assert.Single(await store.ListLabelsAsync("acme", 1));
    }

    [Fact]
    public async Task Versions_are_numbered_per_tenant_and_task_and_read_back_with_their_figures_and_bytes()
    {
        var (store, source) = await StoreAsync();
        await using var _ = source;
        var first = await store.AddModelAsync(Model("acme", TriageTask.Complaint, 1), [1, 2, 3]);
        var second = await store.AddModelAsync(Model("acme", TriageTask.Complaint, 2), [4, 5, 6]);
        var sentiment = await store.AddModelAsync(Model("acme", TriageTask.Sentiment, 3), [7, 8, 9]);
        await store.AddModelAsync(Model("other", TriageTask.Complaint, 4), [0]);

        Assert.Equal((1, 2, 1), (first.Version, second.Version, sentiment.Version));
        var listed = await store.ListModelsAsync("acme");
        Assert.Equal([(TriageTask.Sentiment, 1), (TriageTask.Complaint, 2), (TriageTask.Complaint, 1)], listed.Select(m => (m.Task, m.Version)));

        var read = await store.ReadModelAsync("acme", TriageTask.Complaint, 2);
        Assert.NotNull(read);
        Assert.Equal(new byte[] { 4, 5, 6 }, read.Content);
        Assert.Equal(2, read.Model.Version);
        Assert.Equal(0.31, read.Model.Threshold);
        Assert.Equal(0.75, read.Model.Figures.MacroF1);
        Assert.Equal("complaint", Assert.Single(read.Model.Figures.Classes).Label);
        Assert.Equal(9, Assert.Single(read.Model.Figures.Confusion).Count);
        Assert.Equal(T0.AddMinutes(2), read.Model.CreatedAt);
        Assert.Null(await store.ReadModelAsync("acme", TriageTask.Sentiment, 2));
    }
}
