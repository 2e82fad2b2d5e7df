using Strata.Core;
using Strata.Core.Interactions;
using Strata.Data;
using Strata.Recommend;

namespace Strata.Benchmarks.Recommend;

/// <summary>ml-latest-small (610 users, 9,742 movies, 100,836 ratings) as the models' training data, every rating one positive event.</summary>
internal static class RecommendBenchmarkData
{
    public static RecommenderData MlLatestSmall()
    {
        var reader = DatasetReaders.Open("movielens-latest", DataDirectory.Dataset("ml-latest-small"));
        var items = reader.ReadItems().ToList();
        var builder = new EventTable.Builder(items: Core.Ids.IdMap.From(items.Select(i => i.Id)));
        foreach (var e in reader.ReadEvents()) builder.Add(e);
        return new RecommenderData(builder.Build(), items, null, 0);
    }
}
