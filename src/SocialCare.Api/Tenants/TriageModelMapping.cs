using Google.Protobuf.WellKnownTypes;
using SocialCare.Api.Common;
using SocialCare.Domain.Triage;

namespace SocialCare.Api.Tenants;

internal static class TriageModelMapping
{
    public static Wire.ActiveTriageModels ToProto(this TriageModelChoice choice) => new()
    {
        SentimentVersion = choice.SentimentVersion,
        ComplaintVersion = choice.ComplaintVersion,
        ComplaintThreshold = choice.ComplaintThreshold ?? 0,
        SentimentHistory = { choice.SentimentHistory },
        ComplaintHistory = { choice.ComplaintHistory },
    };

    /// <param name="active">Whether the tenant triages with this version now.</param>
    public static Wire.TriageModel ToProto(this TriageModelVersion model, bool active) => new()
    {
        Task = model.Task.ToProto(),
        Version = model.Version,
        CreateTime = Timestamp.FromDateTimeOffset(model.CreatedAt),
        CreatedBy = model.CreatedBy,
        ExportRows = model.ExportRows,
        CorrectionRows = model.CorrectionRows,
        Folds = model.Folds,
        Accuracy = model.Figures.Accuracy,
        MacroF1 = model.Figures.MacroF1,
        Classes = { model.Figures.Classes.Select(c => new Wire.TriageClassFigures { Label = c.Label, Precision = c.Precision, Recall = c.Recall, F1 = c.F1, Support = c.Support }) },
        Confusion = { model.Figures.Confusion.Select(c => new Wire.TriageConfusion { Actual = c.Actual, Predicted = c.Predicted, Count = c.Count }) },
        Threshold = model.Threshold ?? 0,
        TargetRecall = model.TargetRecall ?? 0,
        SizeBytes = model.SizeBytes,
        Active = active,
    };
}
