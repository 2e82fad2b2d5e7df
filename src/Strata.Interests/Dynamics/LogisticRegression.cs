namespace Strata.Interests.Dynamics;

/// <summary>
/// L2-regularised logistic regression fitted by Newton–Raphson (iteratively reweighted least squares) on standardised features.
/// Small dense problems only (features ≲ 100): each step solves a (features + 1)² system.
/// </summary>
public static class LogisticRegression
{
    /// <summary>
    /// Fits <c>P(y = 1 | x) = σ(b + wᵀ((x − μ) / σ))</c>. <paramref name="features"/> is row-major (<paramref name="rows"/> × <paramref name="width"/>).
    /// Returns the weights with the bias last, the feature means and scales.
    /// </summary>
    public static (double[] Weights, double[] Means, double[] Scales) Fit(ReadOnlySpan<float> features, int rows, int width, ReadOnlySpan<bool> labels,
        double l2 = 1e-3, int maxIterations = 30)
    {
        if (features.Length < rows * width || labels.Length < rows) throw new ArgumentException("Features and labels must cover every row.");
        var means = new double[width];
        var scales = new double[width];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) means[j] += features[r * width + j];
        for (int j = 0; j < width; j++) means[j] /= Math.Max(1, rows);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) { var d = features[r * width + j] - means[j]; scales[j] += d * d; }
        for (int j = 0; j < width; j++) scales[j] = Math.Sqrt(scales[j] / Math.Max(1, rows)) is var s && s > 1e-12 ? s : 1;

        var p = width + 1;
        var weights = new double[p];
        var x = new double[p];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var gradient = new double[p];
            var hessian = new double[p * p];
            for (int r = 0; r < rows; r++)
            {
                Standardise(features.Slice(r * width, width), means, scales, x);
                var z = 0.0;
                for (int j = 0; j < p; j++) z += weights[j] * x[j];
                var mu = Sigmoid(z);
                var residual = mu - (labels[r] ? 1 : 0);
                var curvature = Math.Max(mu * (1 - mu), 1e-10);
                for (int a = 0; a < p; a++)
                {
                    gradient[a] += residual * x[a];
                    var xa = curvature * x[a];
                    for (int b = 0; b <= a; b++) hessian[a * p + b] += xa * x[b];
                }
            }
            for (int a = 0; a < p; a++)
            {
                for (int b = 0; b < a; b++) hessian[b * p + a] = hessian[a * p + b];
                // The bias is not shrunk; rows scale the penalty so λ means the same for any data size.
                if (a < width) { hessian[a * p + a] += l2 * rows; gradient[a] += l2 * rows * weights[a]; }
            }
            var step = Solve(hessian, gradient, p);
            double change = 0;
            for (int j = 0; j < p; j++) { weights[j] -= step[j]; change = Math.Max(change, Math.Abs(step[j])); }
            if (change < 1e-8) break;
        }
        return (weights, means, scales);
    }

    /// <summary>σ(b + wᵀ((x − μ) / σ)) for one row.</summary>
    public static float Predict(ReadOnlySpan<float> row, double[] weights, double[] means, double[] scales)
    {
        var z = weights[^1];
        for (int j = 0; j < row.Length; j++) z += weights[j] * ((row[j] - means[j]) / scales[j]);
        return (float)Sigmoid(z);
    }

    private static void Standardise(ReadOnlySpan<float> row, double[] means, double[] scales, double[] x)
    {
        for (int j = 0; j < row.Length; j++) x[j] = (row[j] - means[j]) / scales[j];
        x[row.Length] = 1;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Solves the symmetric positive-definite system by Cholesky (a tiny ridge rescues a singular one).</summary>
    private static double[] Solve(double[] matrix, double[] rhs, int n)
    {
        var l = new double[n * n];
        for (int attempt = 0; ; attempt++)
        {
            var ridge = attempt == 0 ? 0 : Math.Pow(10, attempt - 10);
            var ok = true;
            for (int i = 0; i < n && ok; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    var sum = matrix[i * n + j] + (i == j ? ridge : 0);
                    for (int k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                    if (i == j)
                    {
                        if (sum <= 0) { ok = false; break; }
                        l[i * n + i] = Math.Sqrt(sum);
                    }
                    else l[i * n + j] = sum / l[j * n + j];
                }
            }
            if (ok) break;
            if (attempt > 12) throw new InvalidOperationException("Logistic regression: the Hessian is not positive definite.");
        }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            var sum = rhs[i];
            for (int k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
            y[i] = sum / l[i * n + i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
            x[i] = sum / l[i * n + i];
        }
        return x;
    }
}
