using CsCheck;
using Strata.Evaluation.Metrics;

namespace Strata.Evaluation.Tests.Metrics;

public sealed class PairedBootstrapTests
{
    [Fact]
    public void A_constant_per_user_difference_has_a_zero_width_interval_at_that_difference()
    {
        double[] baseline = [0.1, 0.5, 0.0, 1.0, 0.3];
        var variant = baseline.Select(v => v - 0.25).ToArray();
        var interval = PairedBootstrap.MeanDifference(baseline, variant, resamples: 200, seed: 7);
        Assert.Equal(-0.25, interval.Mean, 12);
        Assert.Equal(-0.25, interval.Low, 12);
        Assert.Equal(-0.25, interval.High, 12);
        Assert.True(interval.ExcludesZero);
        Assert.Equal(5, interval.Users);
    }

    [Fact]
    public void Identical_models_differ_by_nothing_and_the_interval_holds_zero()
    {
        double[] values = [0, 1, 0, 0.63, 0.5];
        var interval = PairedBootstrap.MeanDifference(values, values);
        Assert.Equal(0, interval.Mean);
        Assert.Equal(0, interval.Low);
        Assert.Equal(0, interval.High);
        Assert.False(interval.ExcludesZero);
    }

    [Fact]
    public void Pairing_cancels_the_users_own_difficulty()
    {
        // The variant is better by 0.01 for every user, while users differ by far more than that: paired, the gain is certain.
        var baseline = Enumerable.Range(0, 200).Select(u => (u * 37 % 100) / 100.0).ToArray();
        var variant = baseline.Select(v => v + 0.01).ToArray();
        var interval = PairedBootstrap.MeanDifference(baseline, variant);
        Assert.True(interval.Low > 0.0099);
    }

    [Fact]
    public void The_interval_lies_within_the_per_user_differences_and_the_same_seed_gives_the_same_interval() =>
        Gen.Select(Gen.Double[0, 1].Array[1, 60], Gen.Double[-1, 1], Gen.Int[0, 1000]).Sample((values, shift, seed) =>
        {
            var variant = values.Select((v, i) => v + shift * ((i % 3) - 1) + shift / 2).ToArray();
            var a = PairedBootstrap.MeanDifference(values, variant, resamples: 300, seed: seed);
            var b = PairedBootstrap.MeanDifference(values, variant, resamples: 300, seed: seed);
            Assert.Equal(a, b);
            Assert.True(a.Low <= a.High);
            Assert.InRange(a.Low, variant.Zip(values, (x, y) => x - y).Min() - 1e-12, double.PositiveInfinity);
            Assert.InRange(a.High, double.NegativeInfinity, variant.Zip(values, (x, y) => x - y).Max() + 1e-12);
        });

    [Fact]
    public void Unpaired_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedBootstrap.MeanDifference([1, 2, 3], [1, 2]));
        Assert.Contains("same users", error.Message);
    }
}
