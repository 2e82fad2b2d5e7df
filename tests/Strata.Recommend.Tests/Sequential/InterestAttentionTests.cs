using CsCheck;
using Strata.Recommend.Sequential;

namespace Strata.Recommend.Tests.Sequential;

public sealed class InterestAttentionTests
{
    private const int Items = 7, Dimensions = 4, Window = 5;

    private static InterestAttention RandomParameters(ulong seed)
    {
        var attention = new InterestAttention(Items, Dimensions, Window);
        var random = new Random((int)(seed % int.MaxValue));
        foreach (var array in attention.Arrays)
            for (int k = 0; k < array.Length; k++) array[k] = (float)(random.NextDouble() * 1.6 - 0.8);
        return attention;
    }

    /// <summary>Every parameter's hand-written gradient matches the central difference of the loss, for varied windows, targets and negatives.</summary>
    [Fact]
    public void Gradients_match_finite_differences()
    {
        var gen = Gen.Select(Gen.ULong, Gen.Int[0, Items - 1].Array[1, Window], Gen.Int[0, Items - 1], Gen.Int[0, Items - 1].Array[1, 4]);
        gen.Sample((seed, window, target, negatives) =>
        {
            var attention = RandomParameters(seed);
            var gradient = new InterestAttention(Items, Dimensions, Window);
            var ws = new InterestAttention.Workspace(Dimensions, Window);
            var logits = new float[1 + negatives.Length];
            attention.NextItemLoss(window, target, negatives, ws, logits, gradient);
            var arrays = attention.Arrays;
            var gradients = gradient.Arrays;
            const float Step = 1e-2f;
            for (int a = 0; a < arrays.Length; a++)
                for (int k = 0; k < arrays[a].Length; k++)
                {
                    var kept = arrays[a][k];
                    arrays[a][k] = kept + Step;
                    double up = attention.NextItemLoss(window, target, negatives, ws, logits, null);
                    arrays[a][k] = kept - Step;
                    double down = attention.NextItemLoss(window, target, negatives, ws, logits, null);
                    arrays[a][k] = kept;
                    var numeric = (up - down) / (2 * Step);
                    Assert.True(Math.Abs(numeric - gradients[a][k]) <= 2e-3 + 0.02 * Math.Abs(numeric),
                        $"array {a} entry {k}: analytic {gradients[a][k]}, numeric {numeric}");
                }
        }, iter: 40);
    }

    [Fact]
    public void A_negative_equal_to_the_target_is_not_counted()
    {
        var attention = RandomParameters(7);
        var ws = new InterestAttention.Workspace(Dimensions, Window);
        var logits = new float[3];
        var alone = attention.NextItemLoss([1, 2], 3, [4], ws, logits, null);
        var withTarget = attention.NextItemLoss([1, 2], 3, [4, 3], ws, logits, null);
        Assert.Equal(alone, withTarget, 6);
    }

    [Fact]
    public void The_interest_depends_on_the_order_of_the_window()
    {
        var attention = RandomParameters(11);
        var ws = new InterestAttention.Workspace(Dimensions, Window);
        attention.Forward([1, 2, 3], ws);
        var forward = (float[])ws.Interest.Clone();
        attention.Forward([3, 2, 1], ws);
        Assert.NotEqual(forward, ws.Interest);
    }
}
