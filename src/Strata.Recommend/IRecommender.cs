namespace Strata.Recommend;

/// <summary>
/// A fitted model (implicit's RecommenderBase, LensKit's scorer): scores every catalogue item for one user.
/// Implementations are immutable after fitting and safe to call from many threads.
/// </summary>
public interface IRecommender
{
    /// <summary>Short model name as used on the command line (e.g. <c>ease</c>).</summary>
    string Name { get; }

    /// <summary>Writes one score per item index into <paramref name="scores"/> (length = catalogue size). Higher is better; items the model cannot score get <see cref="float.NegativeInfinity"/>.</summary>
    void Score(UserHistory history, Span<float> scores);
}

/// <summary>Fits a recommender on training data only (<c>Fit → model</c>).</summary>
public interface IRecommenderTrainer
{
    string Name { get; }

    IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Bytes a fit on data of this shape holds at its peak, beyond the training events themselves: the dominant terms, so a
    /// host can refuse a fit that would not fit in memory before it starts.
    /// </summary>
    long EstimateBytes(DataShape shape);
}
