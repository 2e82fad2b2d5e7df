using System.Numerics.Tensors;
using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>
/// One user's interest tree, kept live. Per node it stores the decayed strengths <c>s_u(h)</c> at two horizons as
/// (value, time of last update), so an event touches only its item's path (macro, meso) and decay is applied lazily.
/// Per level it keeps <c>Σ_h s_u(h)·c_h</c> as one vector with a shared decay scale, so level vectors cost O(dim) per event
/// and O(dim) to read. Everything else (distributions, trends, multi-interest queries, explanations) is derived on demand.
/// Not thread-safe: callers serialise updates per user.
/// </summary>
public sealed class InterestProfile
{
    // Folding the shared scale into the stored vectors before it underflows keeps float precision.
    private const double ScaleFloor = 1e-18;

    private readonly ProfileContext _context;
    private readonly int _dimensions;
    private readonly float[] _long;
    private readonly float[] _short;
    private readonly long[] _seconds;
    private readonly int[] _counts;
    // Row 0: macro level, row 1: meso level. True vector = stored × _vectorScale × 2^(−(at − _vectorSeconds)·rate).
    private readonly float[] _vectors;
    private double _vectorScale = 1;
    private long _vectorSeconds;
    private ContributingEvent[]? _contributors;
    private byte[]? _contributorCounts;

    public InterestProfile(ProfileContext context)
    {
        _context = context;
        var nodes = context.Taxonomy.NodeCount;
        _dimensions = context.Taxonomy.Dimensions;
        _long = new float[nodes];
        _short = new float[nodes];
        _seconds = new long[nodes];
        _counts = new int[nodes];
        _vectors = new float[2 * _dimensions];
    }

    public ProfileContext Context => _context;

    /// <summary>Events applied (those with a known item and a non-zero weight).</summary>
    public int EventCount { get; private set; }

    /// <summary>Unix seconds of the latest event applied (0 before any).</summary>
    public long LastSeconds { get; private set; }

    /// <summary>
    /// Applies one event on taxonomy item <paramref name="item"/>: updates the item's macro and meso strengths, both level vectors
    /// and the meso node's top contributing events. O(depth · dim). Events may arrive out of time order.
    /// Returns false (and changes nothing) when the event's weight is zero.
    /// </summary>
    public bool Apply(int item, EventType type, float value, long seconds)
    {
        var weight = _context.Weights.Weigh(type, value);
        if (weight == 0f) return false;
        var path = _context.Taxonomy.PathOf(item);
        AddToNode(path.Macro, weight, seconds);
        AddToNode(path.Meso, weight, seconds);
        AddToVectors(path, weight, seconds);
        AddContributor(path.Meso, new ContributingEvent(item, type, value, seconds, weight, RankOf(weight, seconds)));
        if (EventCount == 0 || seconds > LastSeconds) LastSeconds = seconds;
        EventCount++;
        return true;
    }

    private void AddToNode(int node, float weight, long seconds)
    {
        if (_counts[node] == 0)
        {
            _long[node] = weight;
            _short[node] = weight;
            _seconds[node] = seconds;
        }
        else if (seconds >= _seconds[node])
        {
            var dt = seconds - _seconds[node];
            _long[node] = (float)(_long[node] * double.Exp2(-dt * _context.LongRate) + weight);
            _short[node] = (float)(_short[node] * double.Exp2(-dt * _context.ShortRate) + weight);
            _seconds[node] = seconds;
        }
        else
        {
            var dt = _seconds[node] - seconds;
            _long[node] += (float)(weight * double.Exp2(-dt * _context.LongRate));
            _short[node] += (float)(weight * double.Exp2(-dt * _context.ShortRate));
        }
        _counts[node]++;
    }

    private void AddToVectors(TaxonomyPath path, float weight, long seconds)
    {
        double coefficient;
        if (EventCount == 0)
        {
            _vectorSeconds = seconds;
            _vectorScale = 1;
            coefficient = weight;
        }
        else if (seconds >= _vectorSeconds)
        {
            _vectorScale *= double.Exp2(-(seconds - _vectorSeconds) * _context.LongRate);
            _vectorSeconds = seconds;
            if (_vectorScale < ScaleFloor) FoldScale();
            coefficient = weight / _vectorScale;
        }
        else
        {
            coefficient = weight * double.Exp2(-(_vectorSeconds - seconds) * _context.LongRate) / _vectorScale;
        }
        var taxonomy = _context.Taxonomy;
        var macroRow = _vectors.AsSpan(0, _dimensions);
        var mesoRow = _vectors.AsSpan(_dimensions, _dimensions);
        TensorPrimitives.MultiplyAdd(taxonomy.Centroid(path.Macro), (float)coefficient, macroRow, macroRow);
        TensorPrimitives.MultiplyAdd(taxonomy.Centroid(path.Meso), (float)coefficient, mesoRow, mesoRow);
    }

    private void FoldScale()
    {
        TensorPrimitives.Multiply(_vectors, (float)_vectorScale, _vectors);
        _vectorScale = 1;
    }

    private double RankOf(float weight, long seconds) => Math.Log2(MathF.Abs(weight)) + seconds * _context.LongRate;

    private void AddContributor(int meso, in ContributingEvent evidence)
    {
        var capacity = _context.Options.ContributorsPerNode;
        if (capacity == 0) return;
        var slot = meso - _context.Taxonomy.MacroCount;
        _contributors ??= new ContributingEvent[_context.Taxonomy.MesoCount * capacity];
        _contributorCounts ??= new byte[_context.Taxonomy.MesoCount];
        var list = _contributors.AsSpan(slot * capacity, capacity);
        int count = _contributorCounts[slot];
        int position;
        if (count < capacity)
        {
            position = count;
            _contributorCounts[slot] = (byte)(count + 1);
        }
        else if (ContributingEvent.Compare(evidence, list[capacity - 1]) > 0)
        {
            position = capacity - 1;
        }
        else
        {
            return;
        }
        // Keep the list sorted strongest first by sliding the newcomer up.
        while (position > 0 && ContributingEvent.Compare(evidence, list[position - 1]) > 0)
        {
            list[position] = list[position - 1];
            position--;
        }
        list[position] = evidence;
    }

    /// <summary>
    /// The taxonomy item a log row moves a profile on, or -1 when it moves none (no item, an item the tree does not hold, or a
    /// zero weight): the one rule of what <see cref="EventCount"/> counts, as <see cref="Apply"/> applies it event by event.
    /// </summary>
    internal static int CountedItem(EventTable events, int row, ReadOnlySpan<int> itemToTaxonomy, EventWeights weights)
    {
        var item = events.ItemIndex[row] < 0 ? -1 : itemToTaxonomy[events.ItemIndex[row]];
        return item >= 0 && weights.Weigh(events.Types[row], events.Values[row]) != 0f ? item : -1;
    }

    /// <summary>
    /// Recomputes this (fresh) profile from scratch from a user's rows, by direct sums <c>Σ w·2^(−Δt/half_life)</c> per node
    /// rather than event-by-event updates: the independent path the incremental contract is checked against.
    /// </summary>
    internal void Rebuild(EventTable events, ReadOnlySpan<int> rows, ReadOnlySpan<int> itemToTaxonomy)
    {
        if (EventCount != 0) throw new InvalidOperationException("Rebuild needs a fresh profile.");
        var taxonomy = _context.Taxonomy;
        var weights = _context.Weights;
        // Pass 1: the latest time per node, so each sum can be taken at that node's own reference time.
        foreach (var r in rows)
        {
            var item = CountedItem(events, r, itemToTaxonomy, weights);
            if (item < 0) continue;
            var seconds = events.Seconds[r];
            var path = taxonomy.PathOf(item);
            foreach (var node in (ReadOnlySpan<int>)[path.Macro, path.Meso])
            {
                if (_counts[node] == 0 || seconds > _seconds[node]) _seconds[node] = seconds;
                _counts[node]++;
            }
            if (EventCount == 0 || seconds > LastSeconds) LastSeconds = seconds;
            EventCount++;
        }
        if (EventCount == 0) return;
        // Pass 2: the decayed sums and the kept contributors.
        foreach (var r in rows)
        {
            var item = events.ItemIndex[r] < 0 ? -1 : itemToTaxonomy[events.ItemIndex[r]];
            if (item < 0) continue;
            var weight = weights.Weigh(events.Types[r], events.Values[r]);
            if (weight == 0f) continue;
            var seconds = events.Seconds[r];
            var path = taxonomy.PathOf(item);
            foreach (var node in (ReadOnlySpan<int>)[path.Macro, path.Meso])
            {
                var dt = _seconds[node] - seconds;
                _long[node] += (float)(weight * double.Exp2(-dt * _context.LongRate));
                _short[node] += (float)(weight * double.Exp2(-dt * _context.ShortRate));
            }
            AddContributor(path.Meso, new ContributingEvent(item, events.Types[r], events.Values[r], seconds, weight, RankOf(weight, seconds)));
        }
        // Level vectors Σ_h s_u(h)·c_h at the user's latest time.
        _vectorSeconds = LastSeconds;
        _vectorScale = 1;
        for (int node = 0; node < _counts.Length; node++)
        {
            if (_counts[node] == 0) continue;
            var strength = (float)(_long[node] * double.Exp2(-(LastSeconds - _seconds[node]) * _context.LongRate));
            var row = _vectors.AsSpan(node < taxonomy.MacroCount ? 0 : _dimensions, _dimensions);
            TensorPrimitives.MultiplyAdd(taxonomy.Centroid(node), strength, row, row);
        }
    }

    // Times before the latest event would need events removed; they are read as the latest event's time.
    private long Clamp(long? at) => at is { } t && t > LastSeconds ? t : LastSeconds;

    /// <summary>Long-horizon strength <c>s_u(h)</c> at <paramref name="at"/> (unix seconds; default: the latest event).</summary>
    public float Strength(int nodeId, long? at = null) =>
        _counts[nodeId] == 0 ? 0f : (float)(_long[nodeId] * double.Exp2(-(Clamp(at) - _seconds[nodeId]) * _context.LongRate));

    /// <summary>Short-horizon strength (trend half-life) at <paramref name="at"/>.</summary>
    public float ShortStrength(int nodeId, long? at = null) =>
        _counts[nodeId] == 0 ? 0f : (float)(_short[nodeId] * double.Exp2(-(Clamp(at) - _seconds[nodeId]) * _context.ShortRate));

    /// <summary>Number of the user's events under a node.</summary>
    public int Events(int nodeId) => _counts[nodeId];

    /// <summary>Unix seconds of the latest event under a node (0 when none).</summary>
    public long LastEventSeconds(int nodeId) => _counts[nodeId] == 0 ? 0 : _seconds[nodeId];

    private (int First, int Count) Range(InterestLevel level) => level switch
    {
        InterestLevel.Macro => (0, _context.Taxonomy.MacroCount),
        InterestLevel.Meso => (_context.Taxonomy.MacroCount, _context.Taxonomy.MesoCount),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Profiles keep macro and meso levels."),
    };

    /// <summary>
    /// Smoothed <c>P_u(h | level)</c> into <paramref name="destination"/> (one entry per node of the level, in id order; meso j is node
    /// <c>MacroCount + j</c>). Macro: <c>(s⁺(h) + α·P_pop(h)) / (Σ s⁺ + α)</c>. Meso: the prior mass <c>α</c> is spread by the user's own
    /// smoothed macro distribution times <c>P_pop(meso | macro)</c>, so a sparse user's mesos follow their macros. Always sums to 1.
    /// </summary>
    public void LevelDistribution(InterestLevel level, Span<float> destination, long? at = null)
    {
        var (first, count) = Range(level);
        if (destination.Length != count) throw new ArgumentException($"Destination needs {count} entries.", nameof(destination));
        var alpha = _context.Options.SmoothingStrength;
        var prior = _context.Prior;
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            destination[i] = MathF.Max(0f, Strength(first + i, at));
            total += destination[i];
        }
        // With no positive evidence and no smoothing, the prior is the only sensible answer.
        var priorMass = total > 0 ? alpha : 1f;
        Span<float> macro = level == InterestLevel.Meso ? stackalloc float[_context.Taxonomy.MacroCount] : default;
        if (level == InterestLevel.Meso) LevelDistribution(InterestLevel.Macro, macro, at);
        var norm = total + priorMass;
        for (int i = 0; i < count; i++)
        {
            var node = first + i;
            var p = level == InterestLevel.Macro ? prior[node] : macro[_context.Taxonomy.Nodes[node].ParentId] * prior[node];
            destination[i] = (float)((destination[i] + priorMass * p) / norm);
        }
    }

    /// <summary>
    /// The level vector <c>normalise(Σ_h s_u(h)·c_h)</c> into <paramref name="destination"/>; returns false (destination zeroed)
    /// when the user has no evidence or it cancels out.
    /// </summary>
    public bool LevelVector(InterestLevel level, Span<float> destination, long? at = null)
    {
        _ = Range(level);
        var row = _vectors.AsSpan(level == InterestLevel.Macro ? 0 : _dimensions, _dimensions);
        row.CopyTo(destination);
        // The decay scale is common to every node, so it drops out of the normalised direction.
        return EventCount > 0 && Core.Vectors.VectorMath.Normalize(destination) > 0f;
    }

    /// <summary>The unnormalised level vector <c>Σ_h s_u(h)·c_h</c> at <paramref name="at"/> (for checks and scoring by magnitude).</summary>
    public void RawLevelVector(InterestLevel level, Span<float> destination, long? at = null)
    {
        _ = Range(level);
        var row = _vectors.AsSpan(level == InterestLevel.Macro ? 0 : _dimensions, _dimensions);
        var factor = EventCount == 0 ? 0f : (float)(_vectorScale * double.Exp2(-(Clamp(at) - _vectorSeconds) * _context.LongRate));
        TensorPrimitives.Multiply(row, factor, destination);
    }

    /// <summary>Per node of a level: short-horizon share minus long-horizon share of the user's positive strength.</summary>
    public void Trends(InterestLevel level, Span<float> destination, long? at = null)
    {
        var (first, count) = Range(level);
        double longTotal = 0, shortTotal = 0;
        for (int i = 0; i < count; i++)
        {
            longTotal += MathF.Max(0f, Strength(first + i, at));
            shortTotal += MathF.Max(0f, ShortStrength(first + i, at));
        }
        for (int i = 0; i < count; i++)
        {
            var longShare = longTotal > 0 ? MathF.Max(0f, Strength(first + i, at)) / longTotal : 0;
            var shortShare = shortTotal > 0 ? MathF.Max(0f, ShortStrength(first + i, at)) / shortTotal : 0;
            destination[i] = (float)(shortShare - longShare);
        }
    }

    /// <summary>The user's top <paramref name="k"/> meso interests (by smoothed probability), each as its own query vector.</summary>
    public IReadOnlyList<InterestVector> MultiInterest(int k, long? at = null)
    {
        var taxonomy = _context.Taxonomy;
        var probabilities = new float[taxonomy.MesoCount];
        LevelDistribution(InterestLevel.Meso, probabilities, at);
        var order = TopIndices(probabilities, Math.Min(k, probabilities.Length));
        var result = new InterestVector[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            var node = taxonomy.MacroCount + order[i];
            result[i] = new InterestVector(node, probabilities[order[i]], taxonomy.Centroid(node).ToArray());
        }
        return result;
    }

    /// <summary>
    /// The user's events that contribute most to a node, strongest first: a meso node's kept list, or for a macro node the best of
    /// its children's lists (a macro's top events are always among its children's tops, since its events are theirs).
    /// </summary>
    public IReadOnlyList<ContributingEvent> TopEvents(int nodeId)
    {
        var taxonomy = _context.Taxonomy;
        var capacity = _context.Options.ContributorsPerNode;
        if (_contributors is null || _contributorCounts is null) return [];
        if (nodeId >= taxonomy.MacroCount)
        {
            var slot = nodeId - taxonomy.MacroCount;
            return _contributors.AsSpan(slot * capacity, _contributorCounts[slot]).ToArray();
        }
        var merged = new List<ContributingEvent>();
        foreach (var child in taxonomy.Children(nodeId))
        {
            var slot = child - taxonomy.MacroCount;
            merged.AddRange(_contributors.AsSpan(slot * capacity, _contributorCounts[slot]));
        }
        merged.Sort((a, b) => ContributingEvent.Compare(b, a));
        return merged.Count > capacity ? merged.GetRange(0, capacity) : merged;
    }

    /// <summary>The whole derived tree at <paramref name="at"/>: strengths, probabilities, trends and top events per node.</summary>
    public InterestSnapshot Snapshot(string? user = null, long? at = null)
    {
        var time = Clamp(at);
        return new InterestSnapshot(user, time, EventCount, Describe(InterestLevel.Macro, time), Describe(InterestLevel.Meso, time));
    }

    private List<NodeInterest> Describe(InterestLevel level, long at)
    {
        var (first, count) = Range(level);
        var probabilities = new float[count];
        var trends = new float[count];
        LevelDistribution(level, probabilities, at);
        Trends(level, trends, at);
        var threshold = _context.Options.TrendThreshold;
        var nodes = new List<NodeInterest>(count);
        for (int i = 0; i < count; i++)
        {
            var node = _context.Taxonomy.Nodes[first + i];
            var direction = trends[i] > threshold ? InterestTrend.Emerging : trends[i] < -threshold ? InterestTrend.Fading : InterestTrend.Stable;
            nodes.Add(new NodeInterest(node.Id, level, node.ParentId, node.Label, Strength(node.Id, at), ShortStrength(node.Id, at),
                probabilities[i], trends[i], direction, _counts[node.Id], TopEvents(node.Id)));
        }
        nodes.Sort((a, b) => b.Probability != a.Probability ? b.Probability.CompareTo(a.Probability) : a.NodeId.CompareTo(b.NodeId));
        return nodes;
    }

    /// <summary>Indices of the <paramref name="k"/> largest values, largest first (ties: lower index first).</summary>
    internal static int[] TopIndices(ReadOnlySpan<float> values, int k)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var copy = values.ToArray();
        Array.Sort(order, (a, b) => copy[b] != copy[a] ? copy[b].CompareTo(copy[a]) : a.CompareTo(b));
        return order[..k];
    }
}
