using CsCheck;
using Strata.Evaluation.Comparison;

namespace Strata.Evaluation.Tests.Comparison;

public sealed class PairedBootstrapTests
{
    private static readonly Gen<double[]> Values = Gen.Double[0, 1].Array[2, 60];

    [Fact]
    public void Identical_values_give_exactly_zero()
    {
        Values.Sample(a =>
        {
            var result = PairedBootstrap.Compare(a, a, 200, 7);
            return result is { Difference: 0, Low: 0, High: 0 } && !result.ExcludesZero && result.Users == a.Length;
        });
    }

    [Fact]
    public void Shifting_b_shifts_the_interval_and_swapping_mirrors_it()
    {
        Gen.Select(Values, Gen.Double[-0.5, 0.5]).Sample((a, shift) =>
        {
            var b = a.Select((v, i) => v * (i % 3) / 2.0).ToArray();
            var plain = PairedBootstrap.Compare(a, b, 300, 11);
            var shifted = PairedBootstrap.Compare(a, b.Select(v => v + shift).ToArray(), 300, 11);
            var swapped = PairedBootstrap.Compare(b, a, 300, 11);
            const double tolerance = 1e-9;
            return Math.Abs(shifted.Low - plain.Low - shift) < tolerance && Math.Abs(shifted.High - plain.High - shift) < tolerance
                && Math.Abs(swapped.Low + plain.High) < tolerance && Math.Abs(swapped.High + plain.Low) < tolerance
                && plain.Low <= plain.High;
        });
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_another()
    {
        var a = Enumerable.Range(0, 500).Select(i => (i * 37 % 101) / 100.0).ToArray();
        var b = Enumerable.Range(0, 500).Select(i => (i * 53 % 97) / 100.0).ToArray();
        Assert.Equal(PairedBootstrap.Compare(a, b, seed: 3), PairedBootstrap.Compare(a, b, seed: 3));
        Assert.NotEqual(PairedBootstrap.Compare(a, b, seed: 3), PairedBootstrap.Compare(a, b, seed: 4));
    }

    [Fact]
    public void A_real_difference_is_found_and_noise_is_not()
    {
        // B beats A by 0.1 on every user, give or take ±0.05: the interval sits around 0.1, away from zero.
        var a = Enumerable.Range(0, 400).Select(i => 0.3 + (i % 7) / 20.0).ToArray();
        var better = a.Select((v, i) => v + 0.1 + ((i % 5) - 2) * 0.025).ToArray();
        var found = PairedBootstrap.Compare(a, better);
        Assert.True(found.ExcludesZero);
        Assert.InRange(found.Low, 0.09, 0.1);
        Assert.InRange(found.High, 0.1, 0.11);
        // B differs from A by symmetric noise: the interval straddles zero.
        var noisy = a.Select((v, i) => v + (i % 2 == 0 ? 0.2 : -0.2)).ToArray();
        Assert.False(PairedBootstrap.Compare(a, noisy).ExcludesZero);
    }

    [Fact]
    public void Users_missing_a_value_are_left_out_and_unequal_lengths_are_refused()
    {
        var result = PairedBootstrap.Compare([0.1, double.NaN, 0.3], [0.2, 0.5, double.NaN]);
        Assert.Equal(1, result.Users);
        Assert.Equal(0.1, result.Difference, 12);
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([0.1], [0.1, 0.2]));
    }
}
