using System.Buffers;
using System.Numerics.Tensors;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// A fitted EASE/EDLAE model: a dense item × item weight matrix B with zero diagonal; a user's scores are
/// Σ_{j ∈ history} B[j, ·] (the history's rows summed), so it answers any history, known user or not.
/// <para>
/// Summing rows costs |history| × items, which for a user with thousands of items is most of a request. So the sums of
/// the heaviest training users are kept (<see cref="WithUserScores"/>, within a memory budget): a known user's query then
/// starts from their training sum and adds or removes only the rows where the query differs from training. An unknown
/// user's query that carries a <see cref="HistoryMemo"/> (a server's live user) adds only the rows of items new since
/// their previous query.
/// </para>
/// </summary>
public sealed class EaseModel : IRecommender, Explanations.IItemContributions
{
    private readonly float[] _weights;
    private readonly int _items;
    private readonly InteractionMatrix? _train;
    private readonly int[] _cacheSlot = [];
    private readonly float[] _userScores = [];
    private readonly EventWeights _feedback;

    /// <param name="feedback">Which events of a queried history count as positive (default: the default weights').</param>
    public EaseModel(string name, float[] weights, int items, double lambda, EventWeights? feedback = null)
    {
        if (weights.Length != (long)items * items) throw new ArgumentException("Weights must be items × items.", nameof(weights));
        Name = name; _weights = weights; _items = items; Lambda = lambda;
        _feedback = feedback ?? EventWeights.Default;
    }

    private EaseModel(EaseModel model, InteractionMatrix train, int[] cacheSlot, float[] userScores)
        : this(model.Name, model._weights, model._items, model.Lambda, model._feedback)
    {
        _train = train; _cacheSlot = cacheSlot; _userScores = userScores;
    }

    public string Name { get; }

    /// <summary>The λ the model was fitted with (given, or chosen on validation).</summary>
    public double Lambda { get; }

    /// <summary>Training users whose score sums are kept.</summary>
    public int CachedUsers => _userScores.Length / Math.Max(1, _items);

    internal int Items => _items;
    internal float[] Weights => _weights;

    /// <summary>Row j of B: how much having item j raises every item's score.</summary>
    public ReadOnlySpan<float> Row(int item) => _weights.AsSpan(item * _items, _items);

    /// <summary>B[j, i]: what history item j adds to item i's score.</summary>
    public float Contribution(int historyItem, int item) => _weights[(long)historyItem * _items + item];

    /// <summary>
    /// This model with the training score sums of the users with the most items kept, heaviest first, as long as they have
    /// at least <paramref name="minimumItems"/> items and fit in <paramref name="budgetBytes"/>.
    /// </summary>
    public EaseModel WithUserScores(InteractionMatrix train, long budgetBytes, int minimumItems = 64)
    {
        if (train.ItemCount != _items) throw new ArgumentException("The training matrix must have the model's items.", nameof(train));
        var users = Enumerable.Range(0, train.UserCount).Where(u => train.UserDegree(u) >= minimumItems)
            .OrderByDescending(train.UserDegree).ThenBy(u => u).Take((int)Math.Min(int.MaxValue, budgetBytes / (4L * _items))).ToArray();
        var slots = new int[train.UserCount];
        Array.Fill(slots, -1);
        for (int s = 0; s < users.Length; s++) slots[users[s]] = s;
        var sums = new float[(long)users.Length * _items];
        Parallel.For(0, users.Length, s =>
        {
            var row = sums.AsSpan((int)((long)s * _items), _items);
            foreach (var item in train.ItemsOf(users[s])) TensorPrimitives.Add(row, Row(item), row);
        });
        return new EaseModel(this, train, slots, sums);
    }

    public void Score(UserHistory history, Span<float> scores)
    {
        var items = HistoryItems.DistinctPositive(history, _items, _feedback);
        if (_train is not null && (uint)history.User < (uint)_cacheSlot.Length && _cacheSlot[history.User] is var slot and >= 0)
        {
            ScoreFromTraining(items, _train.ItemsOf(history.User), _userScores.AsSpan((int)((long)slot * _items), _items), scores);
            return;
        }
        if (history.Memo is { } memo)
        {
            memo.SumRows(this, _weights, _items, items, scores[.._items]);
            scores[_items..].Clear();
            return;
        }
        scores.Clear();
        foreach (var item in items) TensorPrimitives.Add(scores, Row(item), scores);
    }

    /// <summary>The kept training sum, minus the rows of training items the query lacks, plus the rows of its new items.</summary>
    private void ScoreFromTraining(int[] items, ReadOnlySpan<int> trainItems, ReadOnlySpan<float> trainSum, Span<float> scores)
    {
        var marks = ArrayPool<bool>.Shared.Rent(_items);
        Array.Clear(marks, 0, _items);
        foreach (var item in items) marks[item] = true;
        trainSum.CopyTo(scores[.._items]);
        foreach (var item in trainItems)
        {
            if (marks[item]) marks[item] = false;
            else TensorPrimitives.Subtract(scores, Row(item), scores);
        }
        foreach (var item in items)
            if (marks[item]) TensorPrimitives.Add(scores, Row(item), scores);
        ArrayPool<bool>.Shared.Return(marks);
    }
}
