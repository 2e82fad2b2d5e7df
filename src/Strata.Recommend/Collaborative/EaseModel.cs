using System.Numerics.Tensors;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// A fitted EASE/EDLAE model: a dense item × item weight matrix B with zero diagonal; a user's scores are
/// Σ_{j ∈ history} B[j, ·] (the history's rows summed), so it answers any history, known user or not.
/// </summary>
public sealed class EaseModel : IRecommender, Explanations.IItemContributions
{
    private readonly float[] _weights;
    private readonly int _items;

    public EaseModel(string name, float[] weights, int items, double lambda)
    {
        if (weights.Length != (long)items * items) throw new ArgumentException("Weights must be items × items.", nameof(weights));
        Name = name; _weights = weights; _items = items; Lambda = lambda;
    }

    public string Name { get; }

    /// <summary>The λ the model was fitted with (given, or chosen on validation).</summary>
    public double Lambda { get; }

    /// <summary>Row j of B: how much having item j raises every item's score.</summary>
    public ReadOnlySpan<float> Row(int item) => _weights.AsSpan(item * _items, _items);

    /// <summary>B[j, i]: what history item j adds to item i's score.</summary>
    public float Contribution(int historyItem, int item) => _weights[(long)historyItem * _items + item];

    public void Score(UserHistory history, Span<float> scores)
    {
        scores.Clear();
        foreach (var item in HistoryItems.DistinctPositive(history, _items))
            TensorPrimitives.Add(scores, Row(item), scores);
    }
}
