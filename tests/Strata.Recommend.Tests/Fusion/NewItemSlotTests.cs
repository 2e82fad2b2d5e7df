using CsCheck;
using Strata.Core.Domain;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Fusion;

public sealed class NewItemSlotTests
{
    private static StrataOptions Options(int slot, int minimumHistory = 0) => new()
    {
        CandidatesPerSource = 6,
        PopularCandidates = 2,
        Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3 },
        Edlae = new EaseOptions { DropoutProbability = 0.33, LambdaCandidates = [0.5, 5] },
        ItemKnn = new ItemKnnOptions { Neighbours = 10 },
        Bpr = new BprOptions { Factors = 8, Epochs = 50, Threads = 1 },
        NewItemSlot = slot,
        NewItemMinimumHistory = minimumHistory,
    };

    /// <summary>The checker board plus one item with text (a vector on block 0's axis) and no events at all.</summary>
    private static (RecommenderData Data, int NewItem) WithNewItem()
    {
        var board = Checkerboard.Create();
        var newItem = board.Train.Items.GetOrAdd("new");
        var d = board.Dimensions;
        var vectors = new float[(newItem + 1) * d];
        board.ItemVectors!.CopyTo(vectors, 0);
        vectors[newItem * d] = 1f;
        var catalog = board.Catalog.Append(Item.Create("new", "A new item known only by its text")).ToArray();
        var train = board.Train;
        var table = new Core.Interactions.EventTable(train.Users, train.Items, train.UserIndex, train.ItemIndex, train.Types, train.Values, train.Seconds, train.Count);
        return (new RecommenderData(table, catalog, vectors, d), newItem);
    }

    private static int[] Top(IRecommender model, RecommenderData data, int user, int k)
    {
        var (offsets, rows) = data.Train.RowsByUser();
        var items = rows[offsets[user]..offsets[user + 1]].Select(r => data.Train.ItemIndex[r]).ToArray();
        var scores = new float[data.Items.Count];
        model.Score(UserHistory.OfItems(user, items), scores);
        foreach (var seen in items) scores[seen] = float.NegativeInfinity;
        var top = new int[k];
        return top[..TopK.Select(scores, top)];
    }

    [Fact]
    public void The_slot_moves_the_best_text_matched_new_item_to_its_rank_and_keeps_every_other_item_in_order()
    {
        var (data, newItem) = WithNewItem();
        var plain = Top(new StrataTrainer(Options(slot: 0)).Fit(data), data, user: 0, k: 5);
        var slotted = Top(new StrataTrainer(Options(slot: 1)).Fit(data), data, user: 0, k: 5);

        Assert.NotEqual(newItem, plain[0]);
        Assert.Equal(newItem, slotted[0]);
        Assert.Equal(plain.Where(i => i != newItem).Take(4), slotted.Skip(1));
    }

    [Fact]
    public void A_user_with_less_history_than_the_minimum_gets_no_slot()
    {
        var (data, newItem) = WithNewItem();
        var (offsets, _) = data.Train.RowsByUser();
        var historyLength = offsets[1] - offsets[0];
        var plain = Top(new StrataTrainer(Options(slot: 0)).Fit(data), data, user: 0, k: 5);
        var longEnough = Top(new StrataTrainer(Options(slot: 1, minimumHistory: historyLength)).Fit(data), data, user: 0, k: 5);
        var tooShort = Top(new StrataTrainer(Options(slot: 1, minimumHistory: historyLength + 1)).Fit(data), data, user: 0, k: 5);

        Assert.Equal(newItem, longEnough[0]);
        Assert.Equal(plain, tooShort);
    }

    [Fact]
    public void Without_item_vectors_there_is_no_slot_and_no_change()
    {
        var (data, _) = WithNewItem();
        var eventsOnly = data with { ItemVectors = null, Dimensions = 0 };
        var plain = Top(new StrataTrainer(Options(slot: 0)).Fit(eventsOnly), eventsOnly, user: 0, k: 5);
        var slotted = Top(new StrataTrainer(Options(slot: 1)).Fit(eventsOnly), eventsOnly, user: 0, k: 5);

        Assert.Equal(plain, slotted);
    }

    /// <summary>
    /// The top-k path (candidates only, non-candidates never scored) gives exactly the head of the full ranking — with
    /// the new-item slot in play, exclusions, and k beyond the candidates (where it falls back to the full ranking).
    /// </summary>
    [Fact]
    public void Top_items_equal_the_head_of_the_full_ranking()
    {
        var (data, _) = WithNewItem();
        foreach (var slot in new[] { 0, 2 })
        {
            var model = new StrataTrainer(Options(slot)).FitModel(data);
            var catalog = data.Items.Count;
            Gen.Select(Gen.Int[0, catalog - 1].Array[0, 8], Gen.Int[0, catalog - 1].Array[0, 3], Gen.Int[1, catalog + 2]).Sample((items, exclude, k) =>
            {
                var history = UserHistory.OfItems(-1, items);
                var scores = new float[catalog];
                model.Score(history, scores);
                var expected = RecommenderExtensions.Select(scores, history, k, exclude);
                Assert.Equal(expected, model.TopItems(history, k, catalog, exclude));
            }, iter: 200);
        }
    }
}
