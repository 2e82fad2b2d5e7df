namespace Strata.Recommend.Content;

/// <summary>The content baseline: no collaborative signal, only the item text vectors (<see cref="RecommenderData.ItemVectors"/>).</summary>
public sealed class ContentOnlyTrainer : IRecommenderTrainer
{
    public string Name => "content";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default)
    {
        if (data.ItemVectors is null || data.Dimensions <= 0)
            throw new InvalidOperationException("The content-only model needs item vectors (RecommenderData.ItemVectors): embed the catalogue first.");
        if (data.ItemVectors.Length != (long)data.Items.Count * data.Dimensions)
            throw new ArgumentException($"ItemVectors holds {data.ItemVectors.Length} values, expected {data.Items.Count}×{data.Dimensions}.");
        return new ContentOnlyModel(data.ItemVectors, data.Dimensions);
    }
}
