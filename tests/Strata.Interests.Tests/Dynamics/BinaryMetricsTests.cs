using Strata.Interests.Dynamics;

namespace Strata.Interests.Tests.Dynamics;

public class BinaryMetricsTests
{
    [Fact]
    public void Auc_counts_pairs_and_ties_half()
    {
        Assert.Equal(1.0, BinaryMetrics.Auc([0.1f, 0.2f, 0.8f, 0.9f], [false, false, true, true]));
        Assert.Equal(0.0, BinaryMetrics.Auc([0.9f, 0.8f, 0.2f, 0.1f], [false, false, true, true]));
        Assert.Equal(0.5, BinaryMetrics.Auc([0.5f, 0.5f, 0.5f, 0.5f], [false, true, false, true]));
        // Pairs (pos, neg): (0.7,0.3) win, (0.7,0.8) lose, (0.4,0.3) win, (0.4,0.8) lose → 2 / 4.
        Assert.Equal(0.5, BinaryMetrics.Auc([0.3f, 0.8f, 0.7f, 0.4f], [false, false, true, true]));
        Assert.True(double.IsNaN(BinaryMetrics.Auc([0.1f, 0.2f], [true, true])));
    }

    [Fact]
    public void Log_loss_matches_its_definition()
    {
        var expected = -(Math.Log(0.8) + Math.Log(1 - 0.3)) / 2;
        Assert.Equal(expected, BinaryMetrics.LogLoss([0.8f, 0.3f], [true, false]), 6);
        Assert.True(double.IsFinite(BinaryMetrics.LogLoss([0f, 1f], [true, false])), "clipped, not infinite");
    }
}
