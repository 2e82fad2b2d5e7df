using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Recommend.Diversity;
using Strata.Recommend.Fusion;

namespace Strata.Engine.Tests;

/// <summary>
/// A setting is only real if it arrives: the interest half-life changes the profile, the model's interest signals and
/// the diversity slots; and on a catalogue without categories the diversity knob spreads lists across the learned tree.
/// </summary>
[Collection(SyntheticStoreCollection.Name)]
public sealed class SettingsReachTests(SyntheticStore shop)
{
    private static readonly (string, string) Short = ("Strata:Interests:HalfLife", "1.00:00:00");
    private static readonly (string, string) ShortTrend = ("Strata:Interests:ShortHalfLife", "06:00:00");
    private static readonly (string, string) Long = ("Strata:Interests:HalfLife", "365.00:00:00");

    [Fact]
    public async Task The_half_life_changes_the_profile()
    {
        var shortFit = await shop.FitAsync(shop.Engine(Short, ShortTrend, ("Strata:Model:Kind", "pop")));
        var longFit = await shop.FitAsync(shop.Engine(Long, ("Strata:Model:Kind", "pop")));
        var shortProfiles = ProfileSet.Rebuild(shortFit.Log.Events, shop.Engine(Short, ShortTrend).ProfileContext(shortFit));
        var longProfiles = ProfileSet.Rebuild(longFit.Log.Events, shop.Engine(Long).ProfileContext(longFit));
        int differ = 0;
        for (int u = 0; u < shortFit.Log.Events.Users.Count; u++)
        {
            var a = new float[shortFit.Taxonomy.MesoCount];
            var b = new float[longFit.Taxonomy.MesoCount];
            shortProfiles[u].LevelDistribution(InterestLevel.Meso, a);
            longProfiles[u].LevelDistribution(InterestLevel.Meso, b);
            if (a.Zip(b).Any(p => Math.Abs(p.First - p.Second) > 1e-3)) differ++;
        }
        Assert.True(differ > shortFit.Log.Events.Users.Count / 4, $"only {differ} profiles changed with the half-life");
    }

    [Fact]
    public async Task The_trend_window_reaches_the_trend_model()
    {
        var fitted = await shop.FitAsync(shop.Engine(("Strata:Model:Kind", "trend"), ("Strata:Model:TrendWindow", "2.00:00:00")));
        Assert.Equal(2 * 86_400, Assert.IsType<Recommend.Collaborative.TrendingModel>(fitted.Model).WindowSeconds);
    }

    [Fact]
    public async Task Which_events_the_collaborative_model_learns_from_follows_the_event_weights()
    {
        var defaultFit = await shop.FitAsync(shop.Engine(("Strata:Model:Kind", "ease")));
        var catalogSize = defaultFit.Catalogue.Items.Count;
        var clicks = UserHistories.From(defaultFit.Log.Events).MaxBy(h => h.Count)!;
        var items = clicks.Items.Where(i => i >= 0).Distinct().Take(5).ToArray();
        // The same items as clicks, as 1-star ratings, and as 5-star ratings.
        UserHistory As(EventType type, float value) => new(-1, items, [.. items.Select(_ => type)], [.. items.Select(_ => value)], [.. items.Select((_, i) => (long)i)]);
        var clicked = As(EventType.Click, float.NaN);
        var panned = As(EventType.Rating, 1f);
        var loved = As(EventType.Rating, 5f);

        var byType = defaultFit.Model;
        var clicksCountForNothing = (await shop.FitAsync(shop.Engine(("Strata:Model:Kind", "ease"), ("Strata:EventWeights:Click", "0")))).Model;
        var byWeight = (await shop.FitAsync(shop.Engine(("Strata:Model:Kind", "ease"), ("Strata:EventWeights:LearnFrom", "PositiveWeights")))).Model;

        // Default (positive types): clicks and ratings of any value are positive feedback.
        Assert.True(ScoresAnything(byType, clicked, catalogSize) && ScoresAnything(byType, panned, catalogSize) && ScoresAnything(byType, loved, catalogSize));
        // A click weighing 0 teaches nothing: the model learned from no event (every store event is a click or purchase of
        // positive weight, so its matrix still holds the purchases) and a history of clicks asks it nothing.
        Assert.False(ScoresAnything(clicksCountForNothing, clicked, catalogSize));
        // Positive weights: a 1-star rating weighs (1 − 2) × 0.5 < 0 and is no positive feedback; a 5-star one is.
        Assert.False(ScoresAnything(byWeight, panned, catalogSize));
        Assert.True(ScoresAnything(byWeight, loved, catalogSize));
    }

    private static bool ScoresAnything(IRecommender model, UserHistory history, int catalogSize)
    {
        var scores = new float[catalogSize];
        model.Score(history, scores);
        return scores.Any(s => s != 0);
    }

    [Fact]
    public async Task The_half_life_reaches_the_models_interest_signals()
    {
        var shortModel = (StrataModel)(await shop.FitAsync(shop.Engine(Short, ShortTrend))).Model;
        var longFit = await shop.FitAsync(shop.Engine(Long));
        var longModel = (StrataModel)longFit.Model;
        var shortSignals = shortModel.Features.Signals.OfType<InterestSignals>().Single();
        var longSignals = longModel.Features.Signals.OfType<InterestSignals>().Single();
        Assert.Equal(TimeSpan.FromDays(1), shortSignals.Context.Options.HalfLife);
        Assert.Equal(TimeSpan.FromDays(365), longSignals.Context.Options.HalfLife);
        var history = UserHistories.From(longFit.Log.Events).MaxBy(h => h.Count)!;
        var items = longFit.Catalogue.Items.Count;
        var a = new float[shortSignals.Names.Count * items];
        var b = new float[longSignals.Names.Count * items];
        shortSignals.Score(history, a);
        longSignals.Score(history, b);
        Assert.Contains(Enumerable.Range(0, a.Length), i => Math.Abs(a[i] - b[i]) > 1e-4);
    }

    [Fact]
    public async Task The_boosted_ranker_setting_reaches_the_ranker_selection()
    {
        var withTrees = (StrataModel)(await shop.FitAsync(shop.Engine(("Strata:Model:BoostedRanker", "true")))).Model;
        var without = (StrataModel)(await shop.FitAsync(shop.Engine())).Model;
        Assert.Contains(withTrees.Selection, s => !double.IsNaN(s.BoostedNdcg));
        Assert.All(without.Selection, s => Assert.True(double.IsNaN(s.BoostedNdcg)));
        Assert.All(without.Selection, s => Assert.NotEqual(RankerSelection.BoostedKind, s.Chosen));
    }

    [Fact]
    public async Task The_half_life_changes_the_diversity_slots()
    {
        // The same fitted model served under two half-lives: only the slots' s_u(h) differ.
        var fitted = await shop.FitAsync(shop.Engine(("Strata:Model:Kind", "ease")));
        var shortServe = ExplainedRecommender.Serve(fitted.Model, fitted.Taxonomy, fitted.Catalogue.Vectors, fitted.Catalogue.Dimensions, shop.Engine(Short, ShortTrend).Options);
        var longServe = ExplainedRecommender.Serve(fitted.Model, fitted.Taxonomy, fitted.Catalogue.Vectors, fitted.Catalogue.Dimensions, shop.Engine(Long).Options);
        var histories = UserHistories.From(fitted.Log.Events);
        var differ = histories.Count(h => !shortServe.Recommend(h, 10, 1f, []).Select(r => r.Item)
            .SequenceEqual(longServe.Recommend(h, 10, 1f, []).Select(r => r.Item)));
        Assert.True(differ > 0, "no list changed with the half-life");
    }

    /// <summary>
    /// Proportional slots follow the learned tree (the lists change with the knob); they calibrate a list to the user's
    /// interest shares, which need not raise intra-list diversity — MMR, the other method of the same knob, does.
    /// </summary>
    [Fact]
    public async Task On_a_catalogue_without_categories_the_diversity_knob_changes_lists_over_the_learned_tree()
    {
        var fitted = await shop.FitAsync(shop.Engine(("Strata:Model:Kind", "ease")));
        Assert.All(fitted.Catalogue.Items, item => Assert.Empty(item.Categories));
        var histories = UserHistories.From(fitted.Log.Events).Where(h => h.Count >= 20).ToList();
        int[] List(UserHistory h, double knob, DiversityMethod method) =>
            fitted.Recommender.Recommend(h, 10, new DiversityOptions { Strength = knob, Method = method }, []).Select(r => r.Item).ToArray();
        double Diversity(double knob, DiversityMethod method) =>
            histories.Average(h => IntraListDiversity(List(h, knob, method), fitted.Catalogue.Vectors, fitted.Catalogue.Dimensions));

        var changed = histories.Count(h => !List(h, 0, DiversityMethod.Proportional).SequenceEqual(List(h, 1, DiversityMethod.Proportional)));
        Assert.True(changed > histories.Count / 10, $"the knob changed {changed} of {histories.Count} lists");
        Assert.True(Diversity(1, DiversityMethod.Mmr) > Diversity(0, DiversityMethod.Mmr),
            $"MMR intra-list diversity {Diversity(1, DiversityMethod.Mmr):F4} at knob 1 vs {Diversity(0, DiversityMethod.Mmr):F4} at 0");
    }

    /// <summary>1 − mean pairwise cosine of the list's unit item vectors.</summary>
    private static double IntraListDiversity(int[] list, float[] vectors, int dimensions)
    {
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < list.Length; a++)
            for (int b = a + 1; b < list.Length; b++, pairs++)
                sum += VectorMath.Dot(vectors.AsSpan(list[a] * dimensions, dimensions), vectors.AsSpan(list[b] * dimensions, dimensions));
        return pairs == 0 ? 0 : 1 - sum / pairs;
    }
}
