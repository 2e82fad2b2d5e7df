namespace Strata.Recommend;

/// <summary>The size of a fit — what a trainer's memory estimate (<see cref="IRecommenderTrainer.EstimateBytes"/>) depends on.</summary>
/// <param name="Dimensions">Width of the item text vectors; 0 when there are none.</param>
public readonly record struct DataShape(int Users, int Items, long Events, int Dimensions)
{
    public static DataShape Of(RecommenderData data) => Of(data.Train, data.ItemVectors is null ? 0 : data.Dimensions);

    /// <summary>The shape of a fit on <paramref name="train"/> with vectors <paramref name="dimensions"/> wide (0: none).</summary>
    public static DataShape Of(Core.Interactions.EventTable train, int dimensions) => new(train.Users.Count, train.Items.Count, train.Count, dimensions);

    /// <summary>The CSR and CSC interaction matrix every collaborative fit builds (an index and a weight per event, twice).</summary>
    public long InteractionBytes => Events * 2 * (sizeof(int) + sizeof(float)) + ((long)Users + Items + 2) * sizeof(int);

    /// <summary>One copy of the item text vectors.</summary>
    public long VectorBytes => (long)Items * Dimensions * sizeof(float);
}
