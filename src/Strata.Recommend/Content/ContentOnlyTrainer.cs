namespace Strata.Recommend.Content;

/// <summary>
/// The content baseline: no collaborative signal, only the item text vectors (<see cref="RecommenderData.ItemVectors"/>),
/// or, with <paramref name="tower"/>, the item tower's vectors of them, the tower trained on the training events
/// (<c>content-tuned</c>).
/// </summary>
public sealed class ContentOnlyTrainer(ItemTowerOptions? tower = null) : IRecommenderTrainer
{
    public string Name => tower is null ? ContentOnlyModel.FrozenName : ContentOnlyModel.TunedName;

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default)
    {
        if (data.ItemVectors is null || data.Dimensions <= 0)
            throw new InvalidOperationException("The content-only model needs item vectors (RecommenderData.ItemVectors): embed the catalogue first.");
        if (data.ItemVectors.Length != (long)data.Items.Count * data.Dimensions)
            throw new ArgumentException($"ItemVectors holds {data.ItemVectors.Length} values, expected {data.Items.Count}×{data.Dimensions}.");
        if (tower is null) return new ContentOnlyModel(data.ItemVectors, data.Dimensions, feedback: data.Feedback);
        var fitted = new ItemTowerTrainer(tower).Fit(data, cancellationToken);
        return new ContentOnlyModel(fitted.TransformAll(data.ItemVectors), data.Dimensions, fitted, data.Feedback);
    }

    /// <summary>The tower's transformed copy of the vectors and its training pairs (about one per event).</summary>
    public long EstimateBytes(DataShape shape) => tower is null ? 0 : shape.VectorBytes + shape.InteractionBytes + shape.Events * 2 * sizeof(int);
}
