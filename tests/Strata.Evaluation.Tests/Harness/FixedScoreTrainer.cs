using Strata.Recommend;

namespace Strata.Evaluation.Tests.Harness;

/// <summary>A static ranking model (every user gets the same scores): the simplest real recommender, with answers checkable by hand.</summary>
internal sealed class FixedScoreTrainer(float[] scores) : IRecommenderTrainer, IRecommender
{
    public string Name => "fixed";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) => this;

    public long EstimateBytes(DataShape shape) => (long)scores.Length * sizeof(float);

    public void Score(UserHistory history, Span<float> target) => scores.CopyTo(target);
}
