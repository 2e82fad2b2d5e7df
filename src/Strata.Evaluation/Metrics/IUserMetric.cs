namespace Strata.Evaluation.Metrics;

/// <summary>A per-user accuracy metric: one user's ranking in, one number out. The harness averages it over test users.</summary>
public interface IUserMetric
{
    /// <summary>Report key, e.g. <c>ndcg@10</c>.</summary>
    string Name { get; }

    double Measure(UserRanking ranking);
}
