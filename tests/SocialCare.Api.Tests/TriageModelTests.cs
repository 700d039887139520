using Microsoft.Extensions.DependencyInjection;
using System.Text;
using Google.Protobuf;
using Grpc.Core;

namespace SocialCare.Api.Tests;

/// <summary>
/// A brand's own triage on a real host: agents' corrections stored as labels, a model trained on
/// an export and those labels with cross-validated figures, activated, used for new mentions, and
/// rolled back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TriageModelTests(ApiFixture api)
{
    /// <summary>A small synthetic export: each sentiment has its own words, so a model can tell them apart.</summary>
    private static ByteString SentimentExport()
    {
        string[] negative = ["lost my bag again", "worst service ever", "flight cancelled and no help", "still waiting for my refund", "rude staff at the gate", "broken seat and no apology"];
        string[] neutral = ["what time does boarding start", "is there wifi on board", "which terminal for the Paris flight", "how heavy can hand luggage be", "do you fly to Lisbon", "where do I print my pass"];
        string[] positive = ["lovely crew thank you", "great flight and kind staff", "thanks for the quick upgrade", "amazing service today", "the new lounge is wonderful", "best airline thanks a lot"];
        var csv = new StringBuilder("id,tweet,airline_sentiment\n");
        var row = 0;
        foreach (var (texts, label) in new[] { (negative, "negative"), (neutral, "Neutral"), (positive, "positive") })
        {
            foreach (var text in texts)
            {
                csv.Append(++row).Append(',').Append('"').Append(text).Append("\",").Append(label).Append('\n');
            }
        }

        return ByteString.CopyFromUtf8(csv.ToString());
    }

    private static ByteString ComplaintExport()
    {
        var csv = new StringBuilder("text,is_complaint\n");
        foreach (var text in new[] { "my bag never arrived", "you charged me twice", "the flight left without me", "refund still missing", "seat was broken" })
        {
            csv.Append(text).Append(",yes\n");
        }

        foreach (var text in new[] { "what time is check in", "can I bring my cat", "love the new app", "is the lounge open", "thanks for the help" })
        {
            csv.Append(text).Append(",no\n");
        }

        return ByteString.CopyFromUtf8(csv.ToString());
    }

    private async Task<Wire.IngestMentionResponse> IngestAsync(string tenant, string text) =>
        await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, $"a{Guid.NewGuid():N}"[..12], text)));

    [Fact]
    public async Task A_correction_is_taken_by_the_next_training_whose_model_triages_once_activated_until_rolled_back()
    {
        var tenant = await api.NewTenantAsync();
        var parent = $"tenants/{tenant}";
        var moved = await IngestAsync(tenant, "My flight got moved to tomorrow morning.");
        Assert.NotEqual(Wire.Category.Complaint, moved.Triage.Category);

        var corrected = await api.Conversations.CorrectTriageAsync(new Wire.CorrectTriageRequest
        {
            Name = moved.Conversation,
            AgentId = "jd",
            MessageId = moved.MessageId,
            Category = Wire.Category.Complaint,
            Sentiment = Wire.Sentiment.Negative,
        });
        Assert.Equal(Wire.Category.Complaint, corrected.Conversation.Category);
        Assert.Equal(Wire.Priority.High, corrected.Conversation.Priority);
        Assert.Equal(Wire.Sentiment.Negative, corrected.Conversation.Sentiment);
        Assert.Contains("corrected", corrected.Note.Text, StringComparison.Ordinal);
        Assert.Equal(1, (await api.Admin.ListTriageModelsAsync(new Wire.ListTriageModelsRequest { Parent = parent })).Corrections);

        var trained = (await api.Admin.TrainTriageModelAsync(new Wire.TrainTriageModelRequest
        {
            Parent = parent,
            Task = Wire.TriageTask.Sentiment,
            Csv = SentimentExport(),
            TextColumn = "tweet",
            LabelColumn = "airline_sentiment",
            Folds = 3,
        })).Model;
        Assert.Equal(1, trained.Version);
        Assert.Equal(18, trained.ExportRows);
        Assert.Equal(1, trained.CorrectionRows);
        Assert.False(trained.Active);
        Assert.Equal(["negative", "neutral", "positive"], trained.Classes.Select(c => c.Label));
        Assert.Equal(19, trained.Classes.Sum(c => c.Support));
        Assert.Equal(19, trained.Confusion.Sum(c => c.Count));
        Assert.InRange(trained.MacroF1, 0, 1);

        var before = await IngestAsync(tenant, "Lovely crew on my flight today.");
        Assert.DoesNotContain(before.Triage.Cues, c => c.StartsWith("model:", StringComparison.Ordinal));

        var activated = await api.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Sentiment, Version = 1 });
        Assert.Equal(1, activated.Active.SentimentVersion);
        Assert.Equal([0], activated.Active.SentimentHistory);
        var during = await IngestAsync(tenant, "Lovely crew on my flight today.");
        Assert.Contains(during.Triage.Cues, c => c.StartsWith("model: sentiment v1 ", StringComparison.Ordinal));
        var listed = await api.Admin.ListTriageModelsAsync(new Wire.ListTriageModelsRequest { Parent = parent });
        Assert.True(Assert.Single(listed.Models).Active);

        var rolledBack = await api.Admin.RollbackTriageModelAsync(new Wire.RollbackTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Sentiment });
        Assert.Equal(0, rolledBack.Active.SentimentVersion);
        var after = await IngestAsync(tenant, "Lovely crew on my flight today.");
        Assert.DoesNotContain(after.Triage.Cues, c => c.StartsWith("model:", StringComparison.Ordinal));
        await Expect.Fails(api.Admin.RollbackTriageModelAsync(new Wire.RollbackTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Sentiment }), StatusCode.FailedPrecondition);

        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = parent, PageSize = 100 });
        Assert.Contains(trail.Entries, e => e.Action == "triage.corrected" && e.Detail.Contains("category=", StringComparison.Ordinal));
        Assert.Contains(trail.Entries, e => e.Action == "triage_model.trained");
        Assert.Contains(trail.Entries, e => e.Action == "triage_model.activated");
        Assert.Contains(trail.Entries, e => e.Action == "triage_model.rolled_back");
    }

    [Fact]
    public async Task A_complaint_model_raises_a_message_it_scores_at_the_tenant_threshold_to_a_complaint_at_high_priority()
    {
        var tenant = await api.NewTenantAsync();
        var parent = $"tenants/{tenant}";
        var trained = (await api.Admin.TrainTriageModelAsync(new Wire.TrainTriageModelRequest
        {
            Parent = parent,
            Task = Wire.TriageTask.Complaint,
            Csv = ComplaintExport(),
            LabelColumn = "is_complaint",
            PositiveLabel = "yes",
            Folds = 2,
            TargetRecall = 1,
        })).Model;
        Assert.Equal(["complaint", "not_complaint"], trained.Classes.Select(c => c.Label));
        // The threshold is chosen on the cross-validation to find every complaint there.
        Assert.Equal(1, trained.Classes[0].Recall);
        Assert.Equal(5, trained.Classes[0].Support);
        Assert.InRange(trained.Threshold, 0, 1);

        const string Question = "What time does the lounge open?";
        var unchanged = await IngestAsync(tenant, Question);
        Assert.NotEqual(Wire.Category.Complaint, unchanged.Triage.Category);

        // A tenant that would rather review every message than miss a complaint sets its threshold near zero.
        await api.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Complaint, Version = trained.Version, ComplaintThreshold = 0.0001 });
        var raised = await IngestAsync(tenant, Question);
        Assert.Equal(Wire.Category.Complaint, raised.Triage.Category);
        Assert.Equal(Wire.Priority.High, raised.Triage.Priority);
        Assert.StartsWith("complaint model v1", raised.Triage.Reason, StringComparison.Ordinal);

        var tenantNow = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = parent })).Tenant;
        Assert.Equal(trained.Version, tenantNow.TriageModels.ComplaintVersion);
        Assert.Equal(0.0001, tenantNow.TriageModels.ComplaintThreshold);
    }

    [Fact]
    public async Task A_correction_keeps_the_message_text_for_training_with_personal_data_masked()
    {
        var tenant = await api.NewTenantAsync();
        var opened = await IngestAsync(tenant, "Charged twice on card 4111 1111 1111 1111, fix it");
        await api.Conversations.CorrectTriageAsync(new Wire.CorrectTriageRequest { Name = opened.Conversation, AgentId = "jd", MessageId = opened.MessageId, Category = Wire.Category.Complaint });

        var store = api.App.Services.GetRequiredService<SocialCare.Grains.Triage.ITriageModelStore>();
        var label = Assert.Single(await store.ListLabelsAsync(tenant, 10));
        Assert.Contains("•••• 1111", label.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("4111 1111", label.Text, StringComparison.Ordinal);
        Assert.Equal(SocialCare.Domain.Triage.Category.Complaint, label.Category);
        Assert.Null(label.Sentiment);
        Assert.Equal("jd", label.CorrectedBy);
    }

    [Fact]
    public async Task Training_activation_and_corrections_that_cannot_be_taken_are_refused_naming_the_field()
    {
        var tenant = await api.NewTenantAsync();
        var parent = $"tenants/{tenant}";
        Wire.TrainTriageModelRequest Training(string csv, string label = "label", string text = "", Wire.TriageTask task = Wire.TriageTask.Sentiment) =>
            new() { Parent = parent, Task = task, Csv = ByteString.CopyFromUtf8(csv), LabelColumn = label, TextColumn = text, Folds = 2, ExcludeCorrections = true };

        await Expect.Fails(api.Admin.TrainTriageModelAsync(Training("text,label\nawful,furious\nfine,neutral\n")), StatusCode.InvalidArgument, "label_column");
        await Expect.Fails(api.Admin.TrainTriageModelAsync(Training("text,label\nawful,negative\n", label: "stars")), StatusCode.InvalidArgument, "label_column");
        await Expect.Fails(api.Admin.TrainTriageModelAsync(Training("body,label\nawful,negative\n")), StatusCode.InvalidArgument, "text_column");
        await Expect.Fails(api.Admin.TrainTriageModelAsync(Training("text,label\nawful,negative\ngreat,positive\n")), StatusCode.FailedPrecondition);
        await Expect.Fails(api.Admin.TrainTriageModelAsync(Training("text,label\n\"unclosed,negative\n")), StatusCode.InvalidArgument, "csv");
        await Expect.Fails(api.Admin.TrainTriageModelAsync(Training("text,label\nawful,negative\n", task: Wire.TriageTask.Unspecified)), StatusCode.InvalidArgument, "task");
        await Expect.Fails(api.Admin.TrainTriageModelAsync(new Wire.TrainTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Sentiment, Folds = 1 }), StatusCode.InvalidArgument, "folds");
        await Expect.Fails(api.Admin.TrainTriageModelAsync(new Wire.TrainTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Complaint, TargetRecall = 1.5 }), StatusCode.InvalidArgument, "target_recall");
        await Expect.Fails(api.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Sentiment, Version = 3 }), StatusCode.NotFound, "version");
        await Expect.Fails(api.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest { Parent = parent, Task = Wire.TriageTask.Sentiment, Version = 0, ComplaintThreshold = 0.5 }), StatusCode.InvalidArgument, "complaint_threshold");
        Assert.Empty((await api.Admin.ListTriageModelsAsync(new Wire.ListTriageModelsRequest { Parent = parent })).Models);

        var opened = await IngestAsync(tenant, "My card was charged twice.");
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "Checking now." });
        Wire.CorrectTriageRequest Correction(string messageId, Wire.Category category = Wire.Category.Remark, Wire.Sentiment sentiment = Wire.Sentiment.Unspecified) =>
            new() { Name = opened.Conversation, AgentId = "jd", MessageId = messageId, Category = category, Sentiment = sentiment };
        await Expect.Fails(api.Conversations.CorrectTriageAsync(Correction(reply.Reply.MessageId)), StatusCode.InvalidArgument, "message_id");
        await Expect.Fails(api.Conversations.CorrectTriageAsync(Correction("99")), StatusCode.NotFound, "message_id");
        await Expect.Fails(api.Conversations.CorrectTriageAsync(Correction(opened.MessageId, Wire.Category.Unspecified)), StatusCode.InvalidArgument, "category");
        await Expect.Fails(api.Conversations.CorrectTriageAsync(Correction(opened.MessageId, (Wire.Category)42)), StatusCode.InvalidArgument, "category");
        await Expect.Fails(api.Conversations.CorrectTriageAsync(Correction(opened.MessageId, sentiment: (Wire.Sentiment)9)), StatusCode.InvalidArgument, "sentiment");
        Assert.Equal(0, (await api.Admin.ListTriageModelsAsync(new Wire.ListTriageModelsRequest { Parent = parent })).Corrections);
    }
}
