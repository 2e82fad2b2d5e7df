using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Strata.Recommend;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;

namespace Strata.Benchmarks.Recommend;

/// <summary>
/// Per-user recommendation latency on ml-latest-small (9,742 items): score the whole catalogue, drop seen items, take the top 10.
/// One operation = one user, cycling through all 610 users in order, so the percentile columns are per-user latencies
/// (heavy users with 2,000+ ratings make the tail). Strata's model runs without item vectors here (its collaborative signals,
/// candidates, features and ranker); the interest signals add one profile rebuild and five dot-product passes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 610)]
public class RecommendLatencyBenchmarks
{
    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }

    private RecommenderData _data = null!;
    private UserHistory[] _histories = [];
    private IRecommender _model = null!;
    private int _next;

    [Params("ease", "itemknn", "strata")]
    public string Model { get; set; } = "ease";

    [GlobalSetup]
    public void Setup()
    {
        _data = RecommendBenchmarkData.MlLatestSmall();
        _histories = UserHistories.From(_data.Train);
        IRecommenderTrainer trainer = Model switch
        {
            "ease" => new EaseTrainer(new EaseOptions { Lambda = 500 }),
            "itemknn" => new ItemKnnTrainer(),
            _ => new StrataTrainer(new StrataOptions { Edlae = new EaseOptions { DropoutProbability = 0.33, Lambda = 300 } }),
        };
        _model = trainer.Fit(_data);
    }

    [Benchmark]
    public int Recommend_one_user()
    {
        var history = _histories[_next];
        _next = (_next + 1) % _histories.Length;
        return _model.Recommend(history, 10, _data.Items.Count).Length;
    }
}
