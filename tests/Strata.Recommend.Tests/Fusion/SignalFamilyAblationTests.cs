using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Fusion;

public sealed class SignalFamilyAblationTests
{
    private static readonly StrataOptions Small = new()
    {
        CandidatesPerSource = 6,
        PopularCandidates = 2,
        Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3 },
        Edlae = new EaseOptions { DropoutProbability = 0.33, LambdaCandidates = [0.5, 5] },
        ItemKnn = new ItemKnnOptions { Neighbours = 10 },
        Bpr = new BprOptions { Factors = 8, Epochs = 50, Threads = 1 },
    };

    private static IReadOnlyList<string> Rows(StrataTrainer trainer, RecommenderData data) => trainer.FitModel(data).Features.SignalNames;

    [Fact]
    public void With_item_vectors_the_collaborative_content_hierarchy_and_sequential_families_are_ablatable_and_without_them_collaborative_and_sequential()
    {
        var data = Checkerboard.Create();
        Assert.Equal([SignalFamily.Collaborative, SignalFamily.Content, SignalFamily.Hierarchy, SignalFamily.Sequential], new StrataTrainer(Small).Families(data));
        Assert.Equal([SignalFamily.Collaborative, SignalFamily.Sequential], new StrataTrainer(Small).Families(data with { ItemVectors = null, Dimensions = 0 }));
        Assert.Equal([SignalFamily.Collaborative], new StrataTrainer(Small with { Sequential = null }).Families(data with { ItemVectors = null, Dimensions = 0 }));
    }

    [Fact]
    public void Removing_a_family_removes_exactly_its_rows_and_keeps_popularity()
    {
        var data = Checkerboard.Create();
        var full = new StrataTrainer(Small);
        var all = Rows(full, data);
        Assert.Contains("edlae", all);
        Assert.Contains("content", all);
        Assert.Contains(all, r => r.StartsWith("interest.", StringComparison.Ordinal));

        var noCollaborative = Rows(full.Without(SignalFamily.Collaborative), data);
        Assert.Equal(all.Where(r => r is not ("edlae" or "edlae.recent" or "itemknn" or "bpr")), noCollaborative);
        Assert.Contains("pop", noCollaborative);

        Assert.Equal(all.Where(r => r != "content"), Rows(full.Without(SignalFamily.Content), data));
        Assert.Equal(all.Where(r => !r.StartsWith("interest.", StringComparison.Ordinal)), Rows(full.Without(SignalFamily.Hierarchy), data));
    }

    [Fact]
    public void An_ablated_family_is_no_longer_offered_for_ablation_and_removals_accumulate()
    {
        var data = Checkerboard.Create();
        var trainer = new StrataTrainer(Small).Without(SignalFamily.Content).Without(SignalFamily.Hierarchy);
        Assert.Equal([SignalFamily.Collaborative, SignalFamily.Sequential], trainer.Families(data));
        Assert.DoesNotContain("content", Rows(trainer, data));
    }

    [Fact]
    public void Without_collaborative_signals_the_model_still_ranks_the_missing_in_block_item_from_text_and_interests()
    {
        var data = Checkerboard.Create();
        var model = new StrataTrainer(Small).Without(SignalFamily.Collaborative).Fit(data);
        var (offsets, rows) = data.Train.RowsByUser();
        var items = rows[offsets[0]..offsets[1]].Select(r => data.Train.ItemIndex[r]).ToArray();
        var scores = new float[data.Items.Count];
        model.Score(UserHistory.OfItems(0, items), scores);
        foreach (var seen in items) scores[seen] = float.NegativeInfinity;
        var top = new int[1];
        TopK.Select(scores, top);
        Assert.True(Checkerboard.SameBlock(0, top[0]));
    }
}
