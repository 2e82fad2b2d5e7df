using Strata.Core.Interactions;
using Strata.Recommend.Collaborative;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Validation;

/// <summary>
/// Training events split in two for model selection: <see cref="Fit"/> (the events models fit on) and, per user,
/// held-out positive items to predict. Built from training data only, so nothing tuned here ever sees a test set.
/// </summary>
public sealed class ValidationSplit
{
    private ValidationSplit(EventTable fit, int[] heldOffsets, int[] heldItems, bool[] cold, ValidationOptions options)
    {
        Fit = fit; HeldOffsets = heldOffsets; HeldItems = heldItems; _cold = cold; _options = options;
    }

    private readonly bool[] _cold;
    private readonly ValidationOptions _options;

    /// <summary>True for a cold validation user: none of their events are in <see cref="Fit"/>, all their positive items are held out.</summary>
    public bool IsCold(int user) => _cold[user];

    /// <summary>The training events minus every event on a held-out (user, item) pair; same id maps as the source.</summary>
    public EventTable Fit { get; }

    /// <summary>Held-out items of user u are <c>HeldItems[HeldOffsets[u]..HeldOffsets[u+1]]</c>, ascending.</summary>
    public int[] HeldOffsets { get; }
    public int[] HeldItems { get; }

    public ReadOnlySpan<int> HeldOutOf(int user) => HeldItems.AsSpan(HeldOffsets[user], HeldOffsets[user + 1] - HeldOffsets[user]);

    /// <summary>Carves the split: per user, a share of distinct positive items (random or latest) is held out.</summary>
    public static ValidationSplit Carve(EventTable train, ValidationOptions options, EventWeights feedback)
    {
        var (offsets, rows) = train.RowsByUser();
        var users = train.Users.Count;
        var heldOffsets = new int[users + 1];
        var held = new List<int>();
        var heldPairs = new HashSet<long>();
        var random = new Random(options.Seed);
        var coldRandom = new Random(options.Seed + 1);
        var cold = new bool[users];
        var lastRow = new Dictionary<int, int>();
        for (int u = 0; u < users; u++)
        {
            lastRow.Clear();
            for (int p = offsets[u]; p < offsets[u + 1]; p++)
            {
                var r = rows[p];
                if (train.ItemIndex[r] >= 0 && feedback.IsPositive(train.Types[r], train.Values[r])) lastRow[train.ItemIndex[r]] = p;
            }
            var items = lastRow.Keys.ToArray();
            Array.Sort(items);
            int take = items.Length < options.MinimumItems ? 0
                : options.HoldoutCount > 0 ? options.HoldoutCount : (int)Math.Round(items.Length * options.HoldoutFraction);
            if (take > 0 && coldRandom.NextDouble() < options.ColdUserFraction)
            {
                cold[u] = true;
                take = items.Length;
            }
            if (take > 0)
            {
                if (options.HoldOutLatest)
                {
                    var order = items.Select(i => lastRow[i]).ToArray();
                    Array.Sort(order, items);
                }
                else random.Shuffle(items);
                var chosen = items.AsSpan(items.Length - take).ToArray();
                Array.Sort(chosen);
                foreach (var item in chosen)
                {
                    held.Add(item);
                    heldPairs.Add(((long)u << 32) | (uint)item);
                }
            }
            heldOffsets[u + 1] = held.Count;
        }

        var builderRows = new List<int>(train.Count);
        for (int r = 0; r < train.Count; r++)
        {
            var item = train.ItemIndex[r];
            var user = train.UserIndex[r];
            if (!cold[user] && (item < 0 || !heldPairs.Contains(((long)user << 32) | (uint)item))) builderRows.Add(r);
        }
        var n = builderRows.Count;
        var userIndex = new int[n]; var itemIndex = new int[n];
        var types = new Core.Domain.EventType[n]; var values = new float[n]; var seconds = new long[n];
        for (int k = 0; k < n; k++)
        {
            var r = builderRows[k];
            userIndex[k] = train.UserIndex[r]; itemIndex[k] = train.ItemIndex[r];
            types[k] = train.Types[r]; values[k] = train.Values[r]; seconds[k] = train.Seconds[r];
        }
        var fit = new EventTable(train.Users, train.Items, userIndex, itemIndex, types, values, seconds, n);
        return new ValidationSplit(fit, heldOffsets, held.ToArray(), cold, options);
    }

    /// <summary>
    /// Mean binary nDCG@k of a model fitted on <see cref="Fit"/> over users with held-out items, ranking every item the
    /// user did not fit on (Recommenders' definition: IDCG over min(k, |held out|) positions). Cold validation users are skipped.
    /// </summary>
    public double NdcgAt(IRecommender model, int k, CancellationToken cancellationToken = default)
    {
        var histories = UserHistories.From(Fit);
        var users = Fit.Users.Count;
        var items = Fit.Items.Count;
        var sums = new double[users];
        var scored = ScoredUsers();
        Parallel.For(0, users, new ParallelOptions { CancellationToken = cancellationToken }, () => (new float[items], new int[k]), (u, _, buffers) =>
        {
            if (!scored[u]) return buffers;
            var heldOut = HeldOutOf(u);
            var history = histories[u];
            model.Score(history, buffers.Item1);
            foreach (var seen in history.Items) buffers.Item1[seen] = float.NegativeInfinity;
            var count = TopK.Select(buffers.Item1, buffers.Item2);
            double dcg = 0, idcg = 0;
            for (int rank = 0; rank < count; rank++)
                if (heldOut.BinarySearch(buffers.Item2[rank]) >= 0) dcg += 1 / Math.Log(rank + 2);
            for (int rank = 0; rank < Math.Min(k, heldOut.Length); rank++) idcg += 1 / Math.Log(rank + 2);
            sums[u] = dcg / idcg;
            return buffers;
        }, _ => { });
        var evaluated = scored.Count(s => s);
        return evaluated == 0 ? 0 : sums.Sum() / evaluated;
    }

    /// <summary>
    /// The warm users with held-out items, or a seeded sample of <see cref="ValidationOptions.MaxScoredUsers"/> of them
    /// (the same users for every model asked: a tuning compares its candidates on one sample).
    /// </summary>
    private bool[] ScoredUsers()
    {
        var users = Fit.Users.Count;
        var scored = new bool[users];
        var eligible = new List<int>();
        for (int u = 0; u < users; u++) if (HeldOffsets[u + 1] > HeldOffsets[u] && !_cold[u]) eligible.Add(u);
        var kept = eligible.ToArray();
        if (_options.MaxScoredUsers > 0 && kept.Length > _options.MaxScoredUsers)
        {
            new Random(_options.Seed).Shuffle(kept);
            kept = kept[.._options.MaxScoredUsers];
        }
        foreach (var u in kept) scored[u] = true;
        return scored;
    }
}
