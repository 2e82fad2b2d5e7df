namespace Strata.Recommend.Collaborative;

/// <summary>Scores each item by its number of distinct training users, whoever asks.</summary>
public sealed class MostPopularModel(float[] counts) : IRecommender
{
    public string Name => "pop";

    /// <summary>Distinct training users per item.</summary>
    public ReadOnlySpan<float> Counts => counts;

    public void Score(UserHistory history, Span<float> scores) => counts.CopyTo(scores);
}
