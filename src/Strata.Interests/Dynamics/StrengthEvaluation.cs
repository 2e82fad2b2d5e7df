using Strata.Core.Interactions;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Dynamics;

/// <summary>
/// Trains and evaluates the interest-strength model on a temporal split of one event log: for users active in the next period,
/// every node is an example labelled by whether the user had a positive event under it in that period.
/// </summary>
public static class StrengthEvaluation
{
    public static StrengthEvaluationResult Run(EventTable events, Taxonomy taxonomy, InterestOptions? options = null,
        EventWeights? weights = null, StrengthSplitOptions? split = null)
    {
        split ??= new StrengthSplitOptions();
        var times = events.Seconds.AsSpan(0, events.Count).ToArray();
        if (times.Length == 0) throw new InvalidOperationException("The event log is empty.");
        Array.Sort(times);
        var trainCut = times[(int)Math.Clamp(split.TrainCutoff * (times.Length - 1), 0, times.Length - 1)];
        var testCut = times[(int)Math.Clamp(split.TestCutoff * (times.Length - 1), 0, times.Length - 1)];
        var end = times[^1];
        if (!(trainCut < testCut && testCut < end))
            throw new InvalidOperationException("The event log has too little spread in time for a temporal split (e.g. no timestamps).");

        var baseContext = new ProfileContext(taxonomy, options, weights);
        var (trainX, trainY) = Examples(events, baseContext, trainCut, testCut, split);
        var (testX, testY) = Examples(events, baseContext, testCut, end, split);
        if (trainY.Length == 0 || testY.Length == 0) throw new InvalidOperationException("No user is active on both sides of a cutoff.");
        var width = StrengthFeatures.Count;

        var (w, mu, sigma) = LogisticRegression.Fit(trainX, trainY.Length, width, trainY, split.L2);
        var learned = new float[testY.Length];
        for (int r = 0; r < testY.Length; r++) learned[r] = LogisticRegression.Predict(testX.AsSpan(r * width, width), w, mu, sigma);

        // The raw baseline sees only log(1 + s⁺): the same ranking as s_u(h), with probabilities from a one-feature fit.
        var trainRaw = Column(trainX, width, 0);
        var testRaw = Column(testX, width, 0);
        var (rw, rmu, rsigma) = LogisticRegression.Fit(trainRaw, trainY.Length, 1, trainY, split.L2);
        var raw = new float[testY.Length];
        for (int r = 0; r < testY.Length; r++) raw[r] = LogisticRegression.Predict(testRaw.AsSpan(r, 1), rw, rmu, rsigma);

        var positives = testY.Count(y => y);
        return new StrengthEvaluationResult(
            new StrengthScore(BinaryMetrics.LogLoss(learned, testY), BinaryMetrics.Auc(learned, testY)),
            new StrengthScore(BinaryMetrics.LogLoss(raw, testY), BinaryMetrics.Auc(testRaw, testY)),
            trainY.Length, testY.Length, (double)positives / testY.Length, trainCut, testCut, new InterestStrengthModel(w, mu, sigma));
    }

    private static float[] Column(float[] rows, int width, int column)
    {
        var result = new float[rows.Length / width];
        for (int r = 0; r < result.Length; r++) result[r] = rows[r * width + column];
        return result;
    }

    /// <summary>
    /// Features at <paramref name="cut"/> from events up to it; labels from positive events in (cut, windowEnd]; for at most
    /// <see cref="StrengthSplitOptions.MaxExamples"/> rows' worth of users.
    /// </summary>
    private static (float[] Features, bool[] Labels) Examples(EventTable events, ProfileContext baseContext, long cut, long windowEnd, StrengthSplitOptions split)
    {
        var taxonomy = baseContext.Taxonomy;
        var before = Filter(events, cut);
        var context = baseContext.WithPrior(ProfileSet.PopulationPrior(before, baseContext));
        var profiles = ProfileSet.Rebuild(before, context);
        var itemToTaxonomy = ProfileSet.MapItems(events.Items, taxonomy);

        var engaged = new Dictionary<int, HashSet<int>>();
        for (int r = 0; r < events.Count; r++)
        {
            var t = events.Seconds[r];
            if (t <= cut || t > windowEnd || events.ItemIndex[r] < 0) continue;
            var item = itemToTaxonomy[events.ItemIndex[r]];
            if (item < 0 || context.Weights.Weigh(events.Types[r], events.Values[r]) <= 0) continue;
            var user = events.UserIndex[r];
            if (!engaged.TryGetValue(user, out var nodes)) engaged[user] = nodes = [];
            var path = taxonomy.PathOf(item);
            nodes.Add(path.Macro);
            nodes.Add(path.Meso);
        }

        var width = StrengthFeatures.Count;
        var users = engaged.Keys.Where(profiles.HasEvents).Order().ToArray();
        var keep = Math.Max(1, split.MaxExamples / taxonomy.NodeCount);
        if (users.Length > keep)
        {
            new Random(split.Seed).Shuffle(users);
            users = [.. users.AsSpan(0, keep)];
            Array.Sort(users);
        }
        var features = new float[(long)users.Length * taxonomy.NodeCount * width];
        var labels = new bool[users.Length * taxonomy.NodeCount];
        for (int u = 0; u < users.Length; u++)
        {
            StrengthFeatures.ForUser(profiles[users[u]], cut, features.AsSpan(u * taxonomy.NodeCount * width, taxonomy.NodeCount * width));
            var nodes = engaged[users[u]];
            for (int h = 0; h < taxonomy.NodeCount; h++) labels[u * taxonomy.NodeCount + h] = nodes.Contains(h);
        }
        return (features, labels);
    }

    /// <summary>The rows at or before <paramref name="cut"/>, over the same id maps.</summary>
    private static EventTable Filter(EventTable events, long cut)
    {
        var n = 0;
        for (int r = 0; r < events.Count; r++) if (events.Seconds[r] <= cut) n++;
        var users = new int[n];
        var items = new int[n];
        var types = new Core.Domain.EventType[n];
        var values = new float[n];
        var seconds = new long[n];
        var k = 0;
        for (int r = 0; r < events.Count; r++)
        {
            if (events.Seconds[r] > cut) continue;
            users[k] = events.UserIndex[r];
            items[k] = events.ItemIndex[r];
            types[k] = events.Types[r];
            values[k] = events.Values[r];
            seconds[k] = events.Seconds[r];
            k++;
        }
        return new EventTable(events.Users, events.Items, users, items, types, values, seconds, n);
    }
}
