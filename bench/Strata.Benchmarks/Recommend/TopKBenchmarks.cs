using BenchmarkDotNet.Attributes;
using Strata.Recommend;

namespace Strata.Benchmarks.Recommend;

/// <summary>
/// Candidate selection as Strata's feature extraction does it, seven times per answer: the top 100 unseen items of a
/// score row over ml-latest-small's 9,742 items (scores spread like a model's, 2% of items seen). Baseline: packing every
/// unseen item's (score, index) key and sorting them all.
/// </summary>
[MemoryDiagnoser]
public class TopKBenchmarks
{
    private const int Items = 9742;
    private readonly float[] _scores = new float[Items];
    private readonly bool[] _seen = new bool[Items];
    private readonly int[] _top = new int[100];
    private readonly ulong[] _keys = new ulong[Items];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < Items; i++)
        {
            // A long right tail, as collaborative scores have.
            _scores[i] = (float)Math.Exp(random.NextDouble() * 4 - 2) * (random.NextDouble() < 0.5 ? 1f : 0.2f);
            _seen[i] = random.NextDouble() < 0.02;
        }
    }

    [Benchmark(Baseline = true)]
    public int Sort_every_key()
    {
        int count = 0;
        for (int i = 0; i < Items; i++)
            if (!_seen[i]) _keys[count++] = TopK.DescendingKey(_scores[i], i);
        Array.Sort(_keys, 0, count);
        for (int r = 0; r < _top.Length; r++) _top[r] = (int)(uint)_keys[r];
        return _top[0];
    }

    [Benchmark]
    public int Select_top_100() => TopK.Select(_scores, _top, _seen);
}
