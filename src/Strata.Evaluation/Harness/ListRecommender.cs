using Strata.Recommend;

namespace Strata.Evaluation.Harness;

/// <summary>
/// A recommender that returns a finished list (re-ordered for diversity, say) instead of a score per item:
/// at most <paramref name="k"/> items, best first, none of them in <paramref name="excluded"/>.
/// </summary>
public delegate int[] ListRecommender(UserHistory history, int[] excluded, int k);
