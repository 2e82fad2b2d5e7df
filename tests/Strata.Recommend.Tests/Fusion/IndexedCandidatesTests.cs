using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;

namespace Strata.Recommend.Tests.Fusion;

/// <summary>
/// Candidates proposed by each signal's index or neighbour lists, scored only where asked, are the candidates and scores of
/// scoring every item in every row: below <see cref="Retrieval.VectorIndexOptions.ExactBelow"/> the indexes are exact, so
/// the two ways must agree item for item.
/// </summary>
public sealed class IndexedCandidatesTests
{
    private const int Items = 400, Users = 240, Topics = 8, Dimensions = 16;

    private static readonly StrataOptions Options = new()
    {
        CandidatesPerSource = 20,
        PopularCandidates = 5,
        DenseItemLimit = 0,
        IndexedCandidatesFrom = int.MaxValue,
        ImplicitAls = new ImplicitAlsOptions { Factors = 8, Regularization = 1, Alpha = 8 },
        Sequential = new Strata.Recommend.Sequential.SequentialOptions { Epochs = 2 },
    };

    /// <summary>Topic clusters: item vectors near their topic's axis, users buying mostly in one or two topics, in time order.</summary>
    private static RecommenderData Shop()
    {
        var random = new Random(7);
        var builder = new EventTable.Builder();
        for (int i = 0; i < Items; i++) builder.Items.GetOrAdd($"i{i}");
        long second = 1_000_000;
        for (int u = 0; u < Users; u++)
        {
            int first = random.Next(Topics), second2 = random.Next(Topics);
            for (int e = 0; e < 25; e++)
            {
                var topic = random.NextDouble() < 0.7 ? first : second2;
                var item = topic + Topics * Math.Min(Items / Topics - 1, (int)(Items / Topics * Math.Pow(random.NextDouble(), 2)));
                builder.Add($"u{u}", $"i{item}", EventType.Click, null, second++);
            }
        }
        var vectors = new float[Items * Dimensions];
        for (int i = 0; i < Items; i++)
        {
            var row = vectors.AsSpan(i * Dimensions, Dimensions);
            for (int d = 0; d < Dimensions; d++) row[d] = 0.3f * (float)(random.NextDouble() - 0.5);
            row[i % Topics] += 1f;
            Core.Vectors.VectorMath.Normalize(row);
        }
        var catalog = Enumerable.Range(0, Items).Select(i => Item.Create($"i{i}", $"Item {i}")).ToArray();
        return new RecommenderData(builder.Build(), catalog, vectors, Dimensions);
    }

    [Fact]
    public void Indexed_candidates_and_their_scores_are_those_of_scoring_every_item()
    {
        var data = Shop();
        var model = new StrataTrainer(Options).FitModel(data);
        var catalogue = model.Features;
        var indexed = new CandidateFeatures(catalogue.Signals, catalogue.Popularity, Options with { IndexedCandidatesFrom = 0 });
        Assert.False(catalogue.IndexedCandidates);
        Assert.True(indexed.IndexedCandidates);
        Assert.Equal(catalogue.Names, indexed.Names);
        var (a, b) = (catalogue.CreateWorkspace(), indexed.CreateWorkspace());
        var proposing = catalogue.Signals.SelectMany(s => s.ProposesCandidates).ToArray();
        int users = 0;
        foreach (var history in UserHistories.From(data.Train).Where(h => h.Count > 0).Take(60))
        {
            catalogue.Extract(history, a);
            indexed.Extract(history, b);
            Assert.Equal(a.HistoryLength, b.HistoryLength);
            var expected = a.Candidates.AsSpan(0, a.CandidateCount).ToArray();
            var actual = b.Candidates.AsSpan(0, b.CandidateCount).ToArray();
            // Equal scores at a row's cut may order differently in the index; everything else is the same set.
            var shared = expected.Intersect(actual).ToArray();
            Assert.True(shared.Length >= 0.97 * Math.Max(expected.Length, actual.Length),
                $"user {history.User}: {shared.Length} shared of {expected.Length} / {actual.Length}");
            foreach (var item in shared)
            {
                int ka = Array.IndexOf(expected, item), kb = Array.IndexOf(actual, item);
                for (int r = 0; r < catalogue.Rows; r++)
                    Assert.Equal(a.CandidateScores[r * a.CandidateCount + ka], b.CandidateScores[r * b.CandidateCount + kb], 1e-4);
            }
            // A proposing row's best unseen item is its first proposal, so the rows' scales agree too.
            for (int r = 0; r < catalogue.Rows; r++)
                if (proposing[r]) Assert.Equal(a.RowBest[r], b.RowBest[r], 1e-4);
            users++;
        }
        Assert.Equal(60, users);
    }

    [Fact]
    public void An_indexed_model_lists_from_its_candidates_what_scoring_the_catalogue_lists()
    {
        var data = Shop();
        var model = new StrataTrainer(Options with { IndexedCandidatesFrom = 0 }).FitModel(data);
        Assert.True(model.Features.IndexedCandidates);
        var scores = new float[Items];
        foreach (var history in UserHistories.From(data.Train).Take(40))
        {
            var listed = model.Recommend(history, 10, Items, exclude: [3]);
            model.Score(history, scores);
            var expected = RecommenderExtensions.Select(scores, history, 10, [3]);
            Assert.Equal(expected.Select(s => s.Item), listed.Select(s => s.Item));
            Assert.DoesNotContain(3, listed.Select(s => s.Item));
            Assert.All(listed, s => Assert.DoesNotContain(s.Item, history.Items));
        }
    }
}
