using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Strata.Recommend.Linear;

namespace Strata.Benchmarks.Recommend;

/// <summary>
/// The EASE solve: inverse of an n × n symmetric positive-definite matrix (tiled Cholesky, triangular inverse, V·Vᵀ, parallel
/// over tile rows). n = 1,682 is ml-100k's catalogue, 9,742 ml-latest-small's, 10,000 the "in seconds" size.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EaseSolveBenchmarks
{
    private double[] _matrix = [];
    private double[] _work = [];

    [Params(1682, 4000, 10000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A Gram-like matrix: sparse non-negative co-occurrences plus a dominant diagonal (λ).
        var random = new Random(42);
        _matrix = new double[(long)N * N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < i; j++)
            {
                var v = random.NextDouble() < 0.05 ? random.Next(1, 50) : 0;
                _matrix[(long)i * N + j] = v;
                _matrix[(long)j * N + i] = v;
            }
            _matrix[(long)i * N + i] = 500 + N * 0.5;
        }
        _work = new double[_matrix.Length];
    }

    [IterationSetup]
    public void Reset() => Array.Copy(_matrix, _work, _matrix.Length);

    [Benchmark]
    public double Invert()
    {
        SymmetricPositiveDefinite.Invert(_work, N);
        return _work[0];
    }
}
