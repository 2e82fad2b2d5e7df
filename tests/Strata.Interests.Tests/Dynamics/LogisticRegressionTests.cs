using Strata.Interests.Dynamics;

namespace Strata.Interests.Tests.Dynamics;

public class LogisticRegressionTests
{
    [Fact]
    public void Recovers_the_coefficients_that_generated_the_labels()
    {
        // y ~ Bernoulli(σ(−1 + 2·x0 − 1·x1)), x ~ N(0, 1): with 20,000 rows the fit lands close to (2, −1, −1).
        var random = new Random(3);
        const int rows = 20_000;
        var x = new float[rows * 2];
        var y = new bool[rows];
        for (int r = 0; r < rows; r++)
        {
            x[2 * r] = Gaussian(random);
            x[2 * r + 1] = Gaussian(random);
            var z = -1 + 2 * x[2 * r] - x[2 * r + 1];
            y[r] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
        }
        var (weights, means, scales) = LogisticRegression.Fit(x, rows, 2, y, l2: 0);
        // Undo the standardisation to compare with the generating coefficients.
        var w0 = weights[0] / scales[0];
        var w1 = weights[1] / scales[1];
        var bias = weights[2] - w0 * means[0] - w1 * means[1];
        Assert.InRange(w0, 1.85, 2.15);
        Assert.InRange(w1, -1.1, -0.9);
        Assert.InRange(bias, -1.1, -0.9);
        Assert.Equal((float)(1 / (1 + Math.Exp(-(bias + w0 * 0.5 + w1 * 0.25)))), LogisticRegression.Predict([0.5f, 0.25f], weights, means, scales), 4);
    }

    [Fact]
    public void Separable_data_stays_finite_under_l2()
    {
        var (weights, _, _) = LogisticRegression.Fit([0f, 1f, 2f, 3f], 4, 1, [false, false, true, true], l2: 1e-2);
        Assert.All(weights, w => Assert.True(double.IsFinite(w)));
        Assert.True(weights[0] > 0);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
