namespace Strata.Recommend.Fusion;

/// <summary>A fitted recommender as one signal row (its scores), optionally a candidate source.</summary>
public sealed class RecommenderSignals(IRecommender model, bool proposesCandidates) : IItemSignals
{
    public IRecommender Model => model;
    public IReadOnlyList<string> Names { get; } = [model.Name];
    public IReadOnlyList<bool> ProposesCandidates { get; } = [proposesCandidates];
    public void Score(UserHistory history, Span<float> scores) => model.Score(history, scores);
}
