namespace Strata.Recommend;

/// <summary>The size of a fit — what a trainer's memory estimate (<see cref="IRecommenderTrainer.EstimateBytes"/>) depends on.</summary>
/// <param name="Dimensions">Width of the item text vectors; 0 when there are none.</param>
public readonly record struct DataShape(int Users, int Items, long Events, int Dimensions)
{
    public static DataShape Of(RecommenderData data) =>
        new(data.Users.Count, data.Items.Count, data.Train.Count, data.ItemVectors is null ? 0 : data.Dimensions);

    /// <summary>The CSR and CSC interaction matrix every collaborative fit builds (an index and a weight per event, twice).</summary>
    public long InteractionBytes => Events * 2 * (sizeof(int) + sizeof(float)) + ((long)Users + Items + 2) * sizeof(int);

    /// <summary>One copy of the item text vectors.</summary>
    public long VectorBytes => (long)Items * Dimensions * sizeof(float);
}
