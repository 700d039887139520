using SocialCare.Triage;

namespace SocialCare.Domain.Tests;

/// <summary>A brand's own model: trained on a small labeled set written here, cross-validated, saved and loaded back.</summary>
public sealed class TextModelTests
{
    /// <summary>Complaints and thanks in several phrasings, each phrasing a few times with other details.</summary>
    private static List<LabeledText> Synthetic()
    {
        string[] complaints =
        [
            "my parcel never arrived", "still waiting for my refund", "the app keeps crashing", "you charged me twice",
            "nobody answers the phone", "my order is late again", "the seat was broken", "worst service ever",
        ];
        string[] thanks =
        [
            "thanks for the quick answer", "great flight today", "the crew was lovely", "love the new app",
            "delivery came early, thank you", "excellent service as always", "you made my day", "really helpful agent",
        ];
        string[] details = ["", " today", " again", " this week", " @brand", " 🙏", " (order 12)", " in Paris"];
        var rows = new List<LabeledText>();
        foreach (var detail in details)
        {
            rows.AddRange(complaints.Select(c => new LabeledText { Text = c + detail, Label = "1" }));
            rows.AddRange(thanks.Select(t => new LabeledText { Text = t + detail, Label = "0" }));
        }

        return rows;
    }

    [Fact]
    public void A_model_is_reported_on_rows_it_did_not_see_and_loads_back_saying_the_same()
    {
        var rows = Synthetic();

        var pairs = TextModel.CrossValidate(rows, folds: 4);
        var report = TextModel.Report(pairs, ["1"]);

        Assert.Equal(rows.Count, report.Rows);
        Assert.Equal(rows.Select(r => r.Label), pairs.Select(p => p.Actual));
        Assert.True(report.Classes["1"].Recall >= 0.8, $"complaint recall {report.Classes["1"].Recall}");
        Assert.True(report.MacroF1 >= 0.8, $"macro-F1 {report.MacroF1}");

        var model = TextModel.Train(rows);
        var path = Path.Combine(Path.GetTempPath(), $"socialcare-model-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            var loaded = TextModel.Load(path);
            foreach (var text in new[] { "my refund never arrived", "thanks, lovely crew", "the app is crashing again" })
            {
                Assert.Equal(model.Predict(text), loaded.Predict(text));
            }

            Assert.Equal("1", loaded.Predict("still waiting for my parcel, nobody answers"));
            Assert.Equal("0", loaded.Predict("thank you, excellent crew"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_threshold_chosen_for_recall_finds_that_share_of_the_positives_and_travels_with_the_model()
    {
        (string, double)[] scored = [("1", 0.9), ("1", 0.7), ("0", 0.6), ("1", 0.4), ("0", 0.3), ("1", 0.2), ("0", 0.1)];

        Assert.Equal(0.4, TextModel.ChooseThreshold(scored, "1", 0.75));
        Assert.Equal(0.2, TextModel.ChooseThreshold(scored, "1", 1.0));
        Assert.Equal(0.9, TextModel.ChooseThreshold(scored, "1", 0.1));

        // A threshold no probability reaches: the thresholded label is never decided.
        var model = TextModel.Train(Synthetic()).WithThreshold("1", 1.5);
        var path = Path.Combine(Path.GetTempPath(), $"socialcare-model-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            var loaded = TextModel.Load(path);
            Assert.Equal(("1", 1.5), loaded.Threshold);
            Assert.Equal("1", loaded.Predict("still waiting for my parcel, nobody answers"));
            Assert.Equal("0", loaded.Decide("still waiting for my parcel, nobody answers", "0"));
            // And one every probability reaches: always decided.
            Assert.Equal("1", loaded.WithThreshold("1", 0).Decide("thank you, excellent crew", "0"));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".threshold");
        }
    }
}
