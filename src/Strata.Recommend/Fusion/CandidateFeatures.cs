using System.Numerics;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Candidate generation and ranking features for one user. Candidates are the union of each proposing signal's top
/// <see cref="StrataOptions.CandidatesPerSource"/> unseen items and the most popular unseen items. Per candidate and
/// signal row s the features are the score over the user's best unseen score in s and 1/log₂(2 + rank) of the candidate
/// among the candidates by s — both invariant to a signal's scale, which changes when a model is refitted on more data —
/// then log popularity, its distance to the mean log popularity of the user's history, and log history length × log popularity.
/// <para>
/// From <see cref="StrataOptions.IndexedCandidatesFrom"/> items on, when every signal is an <see cref="ICandidateSignals"/>
/// that answers, no row scores the catalogue (<see cref="IndexedCandidates"/>): each proposing row's top unseen items come
/// from its index or neighbour lists, every row scores the candidates only, and "the user's best unseen score" is the
/// best candidate's. The ranker learns on features extracted the same way, so the two never mix.
/// </para>
/// </summary>
public sealed class CandidateFeatures
{
    private const int PerRow = 2;
    private readonly IReadOnlyList<IItemSignals> _signals;
    private readonly float[] _logPopularity;
    private readonly int[] _byPopularity;
    private readonly bool[] _proposes;
    private readonly int _perSource;
    private readonly int _popular;
    private readonly int _contentRow;
    private readonly float[] _rankDiscount;

    public CandidateFeatures(IReadOnlyList<IItemSignals> signals, float[] popularity, StrataOptions options)
    {
        _signals = signals;
        Popularity = popularity;
        Options = options;
        Items = popularity.Length;
        _logPopularity = new float[Items];
        for (int i = 0; i < Items; i++) _logPopularity[i] = MathF.Log(1 + popularity[i]);
        _byPopularity = Enumerable.Range(0, Items).OrderByDescending(i => popularity[i]).ThenBy(i => i).ToArray();
        _proposes = signals.SelectMany(s => s.ProposesCandidates).ToArray();
        SignalNames = signals.SelectMany(s => s.Names).ToArray();
        Rows = SignalNames.Count;
        _perSource = options.CandidatesPerSource;
        _popular = options.PopularCandidates;
        _contentRow = options.NewItemSlot > 0 ? IndexOf(SignalNames, "content") : -1;
        MaxCandidates = Math.Min(Items, _proposes.Count(p => p) * _perSource + _popular);
        IndexedCandidates = Items >= options.IndexedCandidatesFrom && signals.All(s => s is ICandidateSignals { AnswersCandidates: true });
        _rankDiscount = new float[MaxCandidates];
        for (int position = 0; position < MaxCandidates; position++) _rankDiscount[position] = 1f / MathF.Log2(position + 2);
        Names = [.. SignalNames.SelectMany(n => new[] { n + ".relative", n + ".rank" }),
            "popularity.log", "popularity.affinity", "history.log*popularity.log"];
    }

    public int Items { get; }
    public IReadOnlyList<IItemSignals> Signals => _signals;

    /// <summary>True when candidates come from the signals' indexes and only candidates are scored (see the class summary).</summary>
    public bool IndexedCandidates { get; }

    /// <summary>The signals' vector retrievals, each once (none when the catalogue is scored): what a fit builds and a saved model carries.</summary>
    public IReadOnlyList<Retrieval.InnerProductRetrieval> Retrievals =>
        IndexedCandidates ? [.. _signals.SelectMany(s => ((ICandidateSignals)s).Retrievals).Distinct()] : [];

    /// <summary>Distinct training users per item (the popularity the features and fallback candidates read).</summary>
    internal float[] Popularity { get; }

    /// <summary>The options candidates and features were built with.</summary>
    internal StrataOptions Options { get; }

    /// <summary>Signal rows, in order.</summary>
    public IReadOnlyList<string> SignalNames { get; }
    public int Rows { get; }

    /// <summary>Feature names, in column order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Column of the relative score of signal row <paramref name="row"/>.</summary>
    public static int RelativeColumn(int row) => PerRow * row;
    public int FeatureCount => Names.Count;
    public int MaxCandidates { get; }

    /// <summary>Per-thread buffers, reused across users so extraction allocates nothing per item.</summary>
    public sealed class Workspace
    {
        internal Workspace(CandidateFeatures owner)
        {
            // Catalogue-wide rows only when the catalogue is scored.
            Scores = owner.IndexedCandidates ? [] : new float[owner.Rows * owner.Items];
            SeenPenalty = owner.IndexedCandidates ? [] : new float[owner.Items];
            Seen = new bool[owner.Items];
            CandidateScores = new float[owner.Rows * owner.MaxCandidates];
            RankScores = new float[owner.MaxCandidates];
            Stamp = new int[owner.Items];
            Position = new int[owner.Items];
            Candidates = new int[owner.MaxCandidates];
            Features = new float[owner.MaxCandidates * owner.FeatureCount];
            Top = new int[owner._perSource];
            Keys = new ulong[owner.MaxCandidates];
            RowBest = new float[owner.Rows];
        }

        /// <summary>Signal rows × items (empty with <see cref="IndexedCandidates"/>).</summary>
        public float[] Scores { get; }

        /// <summary>Signal rows × CandidateCount, row-major: each row's score of each candidate.</summary>
        public float[] CandidateScores { get; }

        /// <summary>Per candidate: the ranker's score (written by the model that owns the workspace).</summary>
        public float[] RankScores { get; }

        /// <summary>The last extracted history's distinct catalogue items, ascending.</summary>
        public int[] SeenItems { get; internal set; } = [];
        public bool[] Seen { get; }
        public int[] Candidates { get; }
        public int CandidateCount { get; internal set; }

        /// <summary>CandidateCount rows × FeatureCount.</summary>
        public float[] Features { get; }
        public float[] RowBest { get; }

        /// <summary>Distinct catalogue items in the last extracted history.</summary>
        public int HistoryLength { get; internal set; }
        /// <summary>Per item: −∞ when seen, else 0 (added to a row, it masks the seen items out of its maximum).</summary>
        internal float[] SeenPenalty { get; }
        internal int[] Stamp { get; }
        /// <summary>Per candidate item: its index in <see cref="Candidates"/> (valid where <see cref="Stamp"/> is current).</summary>
        internal int[] Position { get; }
        internal int Generation { get; set; }
        internal int[] Top { get; }
        /// <summary>Per candidate: descending-score order key (high 32 bits) and candidate position (low 32 bits).</summary>
        internal ulong[] Keys { get; }
    }

    public Workspace CreateWorkspace() => new(this);

    /// <summary>Picks the user's candidates, scores them in every signal row and writes their features into the workspace.</summary>
    public void Extract(UserHistory history, Workspace ws)
    {
        int f = FeatureCount;
        var (meanHistoryPopularity, logHistory) = MarkSeen(history, ws);
        var count = ws.CandidateCount = IndexedCandidates ? ProposeAndScore(history, ws) : ScoreCatalogue(history, ws);

        var features = ws.Features.AsSpan(0, count * f);
        for (int r = 0; r < Rows; r++)
        {
            var scores = ws.CandidateScores.AsSpan(r * count, count);
            var best = ws.RowBest[r];
            float relativeScale = best > 0 ? 1f / best : 0f;
            for (int k = 0; k < count; k++)
            {
                features[k * f + PerRow * r] = scores[k] * relativeScale;
                ws.Keys[k] = TopK.DescendingKey(scores[k], k);
            }
            // One primitive sort of packed keys: ties go to the earlier candidate, and no comparer runs per element.
            Array.Sort(ws.Keys, 0, count);
            for (int position = 0; position < count; position++)
                features[(int)(uint)ws.Keys[position] * f + PerRow * r + 1] = _rankDiscount[position];
        }
        int g = PerRow * Rows;
        for (int k = 0; k < count; k++)
        {
            var pop = _logPopularity[ws.Candidates[k]];
            features[k * f + g] = pop;
            features[k * f + g + 1] = MathF.Abs(pop - meanHistoryPopularity);
            features[k * f + g + 2] = logHistory * pop;
        }
    }

    /// <summary>
    /// Marks the history's catalogue items seen (unmarking the previous history's, so a request costs its history, not the
    /// catalogue); returns the mean log popularity of those items and log(1 + their count).
    /// </summary>
    private (float MeanHistoryPopularity, float LogHistory) MarkSeen(UserHistory history, Workspace ws)
    {
        bool masks = ws.SeenPenalty.Length > 0;
        foreach (var item in ws.SeenItems)
        {
            ws.Seen[item] = false;
            if (masks) ws.SeenPenalty[item] = 0f;
        }
        var seen = new List<int>(history.Count);
        double historyPopularity = 0;
        foreach (var item in history.Items)
        {
            if ((uint)item >= (uint)Items || ws.Seen[item]) continue;
            ws.Seen[item] = true;
            if (masks) ws.SeenPenalty[item] = float.NegativeInfinity;
            historyPopularity += _logPopularity[item];
            seen.Add(item);
        }
        seen.Sort();
        ws.SeenItems = [.. seen];
        ws.HistoryLength = seen.Count;
        return (seen.Count == 0 ? 0 : (float)(historyPopularity / seen.Count), MathF.Log(1 + seen.Count));
    }

    /// <summary>Every row scores every item; candidates are each proposing row's top unseen items. Returns the candidate count.</summary>
    private int ScoreCatalogue(UserHistory history, Workspace ws)
    {
        int items = Items, row = 0;
        foreach (var signal in _signals)
        {
            var rows = signal.Names.Count;
            signal.Score(history, ws.Scores.AsSpan(row * items, rows * items));
            row += rows;
        }
        for (int r = 0; r < Rows; r++) ws.RowBest[r] = CleanAndBestUnseen(ws.Scores.AsSpan(r * items, items), ws.SeenPenalty);

        var generation = ++ws.Generation;
        int count = 0;
        for (int r = 0; r < Rows; r++)
        {
            if (!_proposes[r]) continue;
            var found = TopK.Select(ws.Scores.AsSpan(r * items, items), ws.Top, ws.Seen);
            for (int t = 0; t < found; t++) Add(ws, ws.Top[t], generation, ref count);
        }
        count = AddPopular(ws, generation, count);
        for (int r = 0; r < Rows; r++)
        {
            var scores = ws.Scores.AsSpan(r * items, items);
            var candidateScores = ws.CandidateScores.AsSpan(r * count, count);
            for (int k = 0; k < count; k++) candidateScores[k] = scores[ws.Candidates[k]];
        }
        return count;
    }

    /// <summary>
    /// Each proposing row's top unseen items from its signal's index or neighbour lists, then every row's scores of those
    /// candidates only; a row's best is its best candidate's score. Returns the candidate count.
    /// </summary>
    private int ProposeAndScore(UserHistory history, Workspace ws)
    {
        var queries = new ICandidateQuery[_signals.Count];
        for (int s = 0; s < queries.Length; s++) queries[s] = ((ICandidateSignals)_signals[s]).Ask(history, Items);
        var generation = ++ws.Generation;
        int count = 0, row = 0;
        for (int s = 0; s < queries.Length; s++)
            for (int local = 0; local < _signals[s].Names.Count; local++, row++)
            {
                if (!_proposes[row]) continue;
                var found = queries[s].Propose(local, ws.Top, ws.SeenItems);
                for (int t = 0; t < found; t++) if (!ws.Seen[ws.Top[t]]) Add(ws, ws.Top[t], generation, ref count);
            }
        count = AddPopular(ws, generation, count);
        var candidates = ws.Candidates.AsSpan(0, count);
        row = 0;
        for (int s = 0; s < queries.Length; s++)
        {
            var rows = _signals[s].Names.Count;
            queries[s].Score(candidates, ws.CandidateScores.AsSpan(row * count, rows * count));
            row += rows;
        }
        for (int r = 0; r < Rows; r++)
        {
            var scores = ws.CandidateScores.AsSpan(r * count, count);
            float best = float.NegativeInfinity;
            for (int k = 0; k < count; k++)
            {
                if (!float.IsFinite(scores[k])) scores[k] = 0f;
                best = MathF.Max(best, scores[k]);
            }
            ws.RowBest[r] = best;
        }
        return count;
    }

    /// <summary>The popularity fallback: the most popular unseen items.</summary>
    private int AddPopular(Workspace ws, int generation, int count)
    {
        for (int p = 0, added = 0; p < _byPopularity.Length && added < _popular; p++)
        {
            var item = _byPopularity[p];
            if (ws.Seen[item]) continue;
            added++;
            Add(ws, item, generation, ref count);
        }
        return count;
    }

    /// <summary>
    /// The unseen item with no training events that the content signal scores highest for this user, or -1 (no content
    /// signal, or every such item is seen). With <see cref="IndexedCandidates"/> only the candidates are looked at (the text
    /// row proposes the items nearest the user's text). Call after <see cref="Extract"/>.
    /// </summary>
    public int BestNewItem(Workspace ws)
    {
        if (_contentRow < 0) return -1;
        int best = -1;
        if (IndexedCandidates)
        {
            for (int k = 0; k < ws.CandidateCount; k++)
            {
                var item = ws.Candidates[k];
                if (_logPopularity[item] == 0f && (best < 0 || ContentScore(ws, item) > ContentScore(ws, best))) best = item;
            }
            return best;
        }
        var content = ws.Scores.AsSpan(_contentRow * Items, Items);
        for (int i = 0; i < Items; i++)
            if (_logPopularity[i] == 0f && !ws.Seen[i] && (best < 0 || content[i] > content[best])) best = i;
        return best;
    }

    /// <summary>True when the content signal scores <paramref name="item"/> at least as high as every one of <paramref name="others"/> for this user (all candidates with <see cref="IndexedCandidates"/>).</summary>
    public bool TextMatchesAtLeast(Workspace ws, int item, ReadOnlySpan<int> others)
    {
        var score = ContentScore(ws, item);
        foreach (var other in others) if (ContentScore(ws, other) > score) return false;
        return true;
    }

    private float ContentScore(Workspace ws, int item) => IndexedCandidates
        ? ws.CandidateScores[_contentRow * ws.CandidateCount + ws.Position[item]]
        : ws.Scores[_contentRow * Items + item];

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    /// <summary>Zeroes non-finite scores (a signal with nothing to say about an item) and returns the best unseen score.</summary>
    private static float CleanAndBestUnseen(Span<float> scores, ReadOnlySpan<float> seenPenalty)
    {
        int i = 0, width = Vector<float>.Count;
        var best = new Vector<float>(float.NegativeInfinity);
        for (; i + width <= scores.Length; i += width)
        {
            var v = new Vector<float>(scores[i..]);
            // x − x is 0 exactly when x is finite.
            v = Vector.ConditionalSelect(Vector.Equals(v - v, Vector<float>.Zero), v, Vector<float>.Zero);
            v.CopyTo(scores[i..]);
            best = Vector.Max(best, v + new Vector<float>(seenPenalty[i..]));
        }
        float result = float.NegativeInfinity;
        for (int lane = 0; lane < width; lane++) result = MathF.Max(result, best[lane]);
        for (; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i])) scores[i] = 0f;
            result = MathF.Max(result, scores[i] + seenPenalty[i]);
        }
        return result;
    }

    private static void Add(Workspace ws, int item, int generation, ref int count)
    {
        if (ws.Stamp[item] == generation) return;
        ws.Stamp[item] = generation;
        ws.Position[item] = count;
        ws.Candidates[count++] = item;
    }

    /// <summary>Whether <paramref name="item"/> is a candidate of the last extraction, and where.</summary>
    public bool IsCandidate(Workspace ws, int item, out int position)
    {
        position = ws.Stamp[item] == ws.Generation ? ws.Position[item] : -1;
        return position >= 0;
    }

    /// <summary>
    /// Scores for items that are not candidates: below every candidate, ordered by the first signal (by popularity with
    /// <see cref="IndexedCandidates"/>, where no row scored them).
    /// </summary>
    public void FillNonCandidates(Workspace ws, float floor, Span<float> scores)
    {
        var indexed = IndexedCandidates;
        var order = indexed ? _logPopularity : ws.Scores.AsSpan(0, Items);
        var best = indexed ? MathF.Max(1f, Items > 0 ? _logPopularity[_byPopularity[0]] : 0f) : ws.RowBest.Length > 0 && ws.RowBest[0] > 0 ? ws.RowBest[0] : 1f;
        for (int i = 0; i < Items; i++)
            if (ws.Stamp[i] != ws.Generation) scores[i] = floor - 1f + 0.5f * MathF.Tanh(order[i] / best);
    }
}
