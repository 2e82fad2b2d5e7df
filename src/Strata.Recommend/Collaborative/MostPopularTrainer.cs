namespace Strata.Recommend.Collaborative;

/// <summary>The popularity baseline: every user gets the items with the most distinct training users.</summary>
public sealed class MostPopularTrainer : IRecommenderTrainer
{
    public string Name => "pop";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) =>
        new MostPopularModel(ItemPopularity.Counts(InteractionMatrix.From(data.Train, data.Feedback)));

    public long EstimateBytes(DataShape shape) => shape.InteractionBytes + (long)shape.Items * sizeof(int);
}
