using CsCheck;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class ImplicitAlsTests
{
    private static readonly ImplicitAlsOptions Fixed = new() { Factors = 6, Regularization = 0.5, Alpha = 4, Epochs = 10 };

    [Fact]
    public void The_same_seed_gives_the_same_model_with_one_thread_or_many()
    {
        var data = Checkerboard.Create();
        var one = (ImplicitAlsModel)new ImplicitAlsTrainer(Fixed with { Threads = 1 }).Fit(data);
        var many = (ImplicitAlsModel)new ImplicitAlsTrainer(Fixed with { Threads = 4 }).Fit(data);
        Assert.Equal(one.AllItemFactors.ToArray(), many.AllItemFactors.ToArray());
        var other = (ImplicitAlsModel)new ImplicitAlsTrainer(Fixed with { Seed = 7 }).Fit(data);
        Assert.NotEqual(one.AllItemFactors.ToArray(), other.AllItemFactors.ToArray());
    }

    [Fact]
    public void A_folded_in_user_minimises_the_user_objective()
    {
        // At the minimiser the gradient vanishes: (G + α·Σ y_j y_jᵀ)·x = (1 + α)·Σ y_j, with G = YᵀY + λI.
        var model = (ImplicitAlsModel)new ImplicitAlsTrainer(Fixed).Fit(Checkerboard.Create());
        int f = model.Factors;
        Gen.Int[0, Checkerboard.Items - 1].Array[1, 10].Sample(picked =>
        {
            var items = picked.Distinct().ToArray();
            var x = new float[f];
            model.FoldIn(items, x);
            var residual = new double[f];
            for (int a = 0; a < f; a++)
            {
                for (int b = 0; b < f; b++) residual[a] += model.GramMatrix[a * f + b] * x[b];
                foreach (var j in items)
                {
                    var y = model.ItemFactor(j);
                    double dot = 0;
                    for (int b = 0; b < f; b++) dot += y[b] * x[b];
                    residual[a] += model.Alpha * dot * y[a] - (1 + model.Alpha) * y[a];
                }
            }
            Assert.All(residual, r => Assert.True(Math.Abs(r) < 1e-3, $"gradient component {r}"));
        }, iter: 30);
    }

    [Fact]
    public void More_conjugate_gradient_steps_change_little_once_converged()
    {
        var data = Checkerboard.Create();
        var three = (ImplicitAlsModel)new ImplicitAlsTrainer(Fixed with { Epochs = 30 }).Fit(data);
        var six = (ImplicitAlsModel)new ImplicitAlsTrainer(Fixed with { Epochs = 30, ConjugateGradientSteps = 6 }).Fit(data);
        var (a, b) = (new float[Checkerboard.Items], new float[Checkerboard.Items]);
        var history = UserHistory.OfItems(-1, 0, 2, 4);
        three.Score(history, a);
        six.Score(history, b);
        // ALS is not convex, so the two paths need not meet exactly: scores agree to a few hundredths, rankings of the block agree.
        for (int i = 0; i < a.Length; i++) Assert.InRange(Math.Abs(a[i] - b[i]), 0, 0.05);
        static int[] Top(float[] s) => Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).Take(8).Order().ToArray();
        Assert.Equal(Top(a), Top(b));
    }

    [Fact]
    public void A_fit_over_the_memory_budget_fails_before_it_starts_and_names_the_setting()
    {
        var trainer = new ImplicitAlsTrainer(Fixed with { MemoryBudgetBytes = 1_000 });
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(Checkerboard.Create()));
        Assert.Contains("MemoryBudgetBytes", error.Message);
    }

    [Fact]
    public void The_memory_estimate_grows_with_events_not_with_items_squared()
    {
        var trainer = new ImplicitAlsTrainer();
        var million = trainer.EstimateBytes(users: 500_000, items: 1_000_000, interactions: 10_000_000);
        Assert.InRange(million, 300_000_000L, 1_000_000_000L);
    }
}
