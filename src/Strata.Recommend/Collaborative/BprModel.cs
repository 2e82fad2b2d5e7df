using System.Numerics.Tensors;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// A fitted BPR-MF model: score(u, i) = b_i + p_u·q_i. A user unknown at fit time is folded in as the mean factor of
/// their history items; with no history only the item biases remain (a learned popularity).
/// </summary>
public sealed class BprModel(float[] userFactors, float[] itemFactors, float[] bias, int factors, EventWeights? feedback = null) : IRecommender
{
    private readonly EventWeights _feedback = feedback ?? EventWeights.Default;
    private readonly int _users = userFactors.Length / Math.Max(factors, 1);
    private readonly int _items = bias.Length;

    public string Name => "bpr";

    internal (float[] UserFactors, float[] ItemFactors, float[] Bias, int Factors) Parts => (userFactors, itemFactors, bias, factors);

    public void Score(UserHistory history, Span<float> scores)
    {
        Span<float> user = stackalloc float[factors];
        if ((uint)history.User < (uint)_users) userFactors.AsSpan(history.User * factors, factors).CopyTo(user);
        else
        {
            user.Clear();
            var known = HistoryItems.DistinctPositive(history, _items, _feedback);
            foreach (var item in known) TensorPrimitives.Add(user, itemFactors.AsSpan(item * factors, factors), user);
            if (known.Length > 0) TensorPrimitives.Divide(user, known.Length, user);
        }
        for (int i = 0; i < _items; i++)
            scores[i] = bias[i] + TensorPrimitives.Dot(user, itemFactors.AsSpan(i * factors, factors));
    }
}
