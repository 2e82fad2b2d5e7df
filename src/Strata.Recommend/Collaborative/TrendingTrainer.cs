namespace Strata.Recommend.Collaborative;

/// <summary>Options of <see cref="TrendingTrainer"/>.</summary>
public sealed record TrendingOptions
{
    /// <summary>How far back "recently" reaches: an item's trend is the users who first met it within this span before the time the user asks.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(30);
}

/// <summary>
/// The trending baseline: every user gets the items the most training users met recently — within
/// <see cref="TrendingOptions.Window"/> before the user's latest event. What is popular now, not over all time: on data
/// that spans years (films released, news published) the all-time popular items are often old.
/// </summary>
public sealed class TrendingTrainer(TrendingOptions? options = null) : IRecommenderTrainer
{
    private readonly TrendingOptions _options = options ?? new TrendingOptions();

    public string Name => TrendingModel.ModelName;

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) =>
        TrendingModel.Fit(data.Train, data.Feedback, _options);

    /// <summary>The first-met time of each (user, item) pair, twice at the peak (by time while they are put in item order).</summary>
    public long EstimateBytes(DataShape shape) => 2 * shape.Events * (sizeof(long) + sizeof(int)) + ((long)shape.Items + 1) * sizeof(int);
}
