using System.Buffers;
using System.Numerics.Tensors;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// A fitted implicit-ALS model: item factors Y (items × f) and G = YᵀY + λI. Any history is answered by folding the user
/// in — the exact ALS user step x = (G + (c−1)·Σ_{j∈h} y_j y_jᵀ)⁻¹ · c·Σ_{j∈h} y_j, an f × f Cholesky solve — so known,
/// new and session users are scored alike and no user factors are kept. score(i) = y_i · x.
/// </summary>
public sealed class ImplicitAlsModel : ICandidateRecommender
{
    private readonly float[] _itemFactors;
    private readonly double[] _gram;
    private readonly EventWeights _feedback;

    public ImplicitAlsModel(float[] itemFactors, double[] gram, int factors, double regularization, double alpha, EventWeights? feedback = null)
    {
        _feedback = feedback ?? EventWeights.Default;
        if (factors < 1 || itemFactors.Length % factors != 0) throw new ArgumentException("Item factors must be items × factors.", nameof(itemFactors));
        if (gram.Length != factors * factors) throw new ArgumentException("The Gram matrix must be factors × factors.", nameof(gram));
        _itemFactors = itemFactors; _gram = gram;
        Factors = factors; Regularization = regularization; Alpha = alpha;
        Items = itemFactors.Length / factors;
        // The inner-product transform squeezes the cosines of low-norm items together, so the index proposes 10 × the
        // items wanted and they are re-scored exactly (its own top 10 had recall@10 0.71–0.80 at 10⁶ items).
        _retrieval = new Retrieval.InnerProductRetrieval(itemFactors, factors, overFetch: 10);
    }

    private readonly Retrieval.InnerProductRetrieval _retrieval;

    public string Name => "ials";
    public int Factors { get; }
    public int Items { get; }
    public double Regularization { get; }
    public double Alpha { get; }

    internal float[] ItemFactors => _itemFactors;
    internal double[] Gram => _gram;

    /// <summary>All item factors, row-major (items × f).</summary>
    public ReadOnlySpan<float> AllItemFactors => _itemFactors;

    /// <summary>G = YᵀY + λI, row-major f × f.</summary>
    public ReadOnlySpan<double> GramMatrix => _gram;

    /// <summary>Row i of Y.</summary>
    public ReadOnlySpan<float> ItemFactor(int item) => _itemFactors.AsSpan(item * Factors, Factors);

    public void Score(UserHistory history, Span<float> scores)
    {
        Span<float> user = stackalloc float[Factors];
        FoldIn(HistoryItems.DistinctPositive(history, Items, _feedback), user);
        Core.Vectors.VectorMath.DotAll(_itemFactors, Factors, user, scores[..Items]);
    }

    /// <summary>
    /// Top items by y_i · x through an index over the item factors (built on first use): <see cref="Recommend"/> and
    /// <see cref="Ask"/> find a user's top items without scoring every item (exact below
    /// <see cref="Retrieval.VectorIndexOptions.ExactBelow"/> items).
    /// </summary>
    public Retrieval.InnerProductRetrieval Retrieval => _retrieval;

    /// <summary>
    /// The user's top items through <see cref="Retrieval"/>, best first, with their scores y_i·x; the history's items and
    /// <paramref name="excluded"/> are skipped. Returns how many were found.
    /// </summary>
    public int Recommend(UserHistory history, Span<int> items, Span<float> scores, ReadOnlySpan<int> excluded = default)
    {
        Span<float> user = stackalloc float[Factors];
        FoldIn(HistoryItems.DistinctPositive(history, Items, _feedback), user);
        int[] skip = [.. history.Items, .. excluded];
        return _retrieval.Search(user, items, scores, skip);
    }

    public ICandidateQuery Ask(UserHistory history)
    {
        var user = new float[Factors];
        FoldIn(HistoryItems.DistinctPositive(history, Items, _feedback), user);
        return new Query(this, user);
    }

    private sealed class Query(ImplicitAlsModel model, float[] user) : ICandidateQuery
    {
        public int Propose(int row, Span<int> into, ReadOnlySpan<int> seen)
        {
            var scores = new float[into.Length];
            return model._retrieval.Search(user, into, scores, seen, Strata.Recommend.Retrieval.InnerProductRetrieval.CandidateOverFetch);
        }

        public void Score(ReadOnlySpan<int> items, Span<float> scores)
        {
            for (int k = 0; k < items.Length; k++) scores[k] = TensorPrimitives.Dot(model.ItemFactor(items[k]), user);
        }
    }

    /// <summary>The user factor x of a set of positive items (zeros for none).</summary>
    public void FoldIn(ReadOnlySpan<int> items, Span<float> user)
    {
        int f = Factors;
        user.Clear();
        if (items.IsEmpty) return;
        var rented = ArrayPool<double>.Shared.Rent(f * f + f);
        try
        {
            var a = rented.AsSpan(0, f * f);
            var b = rented.AsSpan(f * f, f);
            _gram.CopyTo(a);
            b.Clear();
            var extra = Alpha; // c − 1
            foreach (var item in items)
            {
                var y = ItemFactor(item);
                for (int r = 0; r < f; r++)
                {
                    var scaled = extra * y[r];
                    b[r] += (1 + Alpha) * y[r];
                    var row = a.Slice(r * f, f);
                    for (int c = 0; c <= r; c++) row[c] += scaled * y[c];
                }
            }
            CholeskySolve(a, b, f);
            for (int r = 0; r < f; r++) user[r] = (float)b[r];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Solves A·x = b in place (x into b) for symmetric positive definite A given by its lower triangle.</summary>
    private static void CholeskySolve(Span<double> a, Span<double> b, int n)
    {
        for (int j = 0; j < n; j++)
        {
            var diagonal = a[j * n + j];
            for (int k = 0; k < j; k++) diagonal -= a[j * n + k] * a[j * n + k];
            // G carries +λI, so A is positive definite; the floor only guards rounding in degenerate factors.
            var pivot = Math.Sqrt(Math.Max(diagonal, 1e-12));
            a[j * n + j] = pivot;
            for (int i = j + 1; i < n; i++)
            {
                var sum = a[i * n + j];
                for (int k = 0; k < j; k++) sum -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = sum / pivot;
            }
        }
        for (int i = 0; i < n; i++)
        {
            var sum = b[i];
            for (int k = 0; k < i; k++) sum -= a[i * n + k] * b[k];
            b[i] = sum / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (int k = i + 1; k < n; k++) sum -= a[k * n + i] * b[k];
            b[i] = sum / a[i * n + i];
        }
    }
}
