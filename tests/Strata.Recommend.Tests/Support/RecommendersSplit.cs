using Strata.Core;
using Strata.Core.Domain;
using Strata.Core.Interactions;

namespace Strata.Recommend.Tests.Support;

/// <summary>
/// The fixed ml-100k recommenders-75-25 split (shared/data/splits), read with a minimal CSV reader: every train row is
/// one positive event; the test rows become each user's relevant set over the same dense ids.
/// </summary>
public sealed class RecommendersSplit
{
    public RecommendersSplit()
    {
        var folder = Path.Combine(DataDirectory.Resolve(), "splits", "ml-100k-recommenders-75-25");
        var builder = new EventTable.Builder();
        foreach (var (user, item, rating, seconds) in Rows(Path.Combine(folder, "train.csv")))
            builder.Add(user, item, EventType.Rating, rating, seconds);
        Train = builder.Build();
        Relevant = new HashSet<int>[Train.Users.Count];
        for (int u = 0; u < Relevant.Length; u++) Relevant[u] = [];
        foreach (var (user, item, _, _) in Rows(Path.Combine(folder, "test.csv")))
            Relevant[Train.Users.IndexOf(user)].Add(Train.Items.IndexOf(item));
        Data = new RecommenderData(Train, [], null, 0);
        Histories = UserHistories.From(Train);
    }

    public EventTable Train { get; }
    public RecommenderData Data { get; }
    public HashSet<int>[] Relevant { get; }
    public UserHistory[] Histories { get; }

    /// <summary>Recommenders' metrics at 10 for a fitted model, seen items removed.</summary>
    public RankingMetrics Evaluate(IRecommender model) => RankingMetrics.Evaluate(model, Histories, Relevant, Train.Items.Count, 10);

    private static IEnumerable<(string User, string Item, double Rating, long Seconds)> Rows(string path)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            yield return (f[0], f[1], double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(f[3]));
        }
    }
}
