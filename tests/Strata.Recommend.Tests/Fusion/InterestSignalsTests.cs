using CsCheck;
using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend.Fusion;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Fusion;

public sealed class InterestSignalsTests
{
    /// <summary>
    /// The signals read similarities from the node × item matrix; the definition is e_i · (normalised interest vector).
    /// Both must agree for any history: positive and negative events, any times, repeated items.
    /// </summary>
    [Fact]
    public void Similarities_from_the_node_matrix_equal_dot_products_with_the_interest_vectors()
    {
        var data = Checkerboard.Create();
        var signals = (InterestSignals)new InterestSignalTrainer().Fit(data);
        int items = data.Items.Count, d = data.Dimensions;
        EventType[] types = [EventType.Click, EventType.Rating, EventType.Purchase, EventType.Dislike];

        Gen.Select(Gen.Int[0, items - 1], Gen.Int[0, types.Length - 1], Gen.Int[0, 86_400 * 30]).Array[1, 12].Sample(events =>
        {
            var ordered = events.OrderBy(e => e.Item3).ToArray();
            var history = new UserHistory(-1, [.. ordered.Select(e => e.Item1)], [.. ordered.Select(e => types[e.Item2])],
                [.. ordered.Select(e => types[e.Item2] == EventType.Rating ? 4f : float.NaN)], [.. ordered.Select(e => 1_000_000L + e.Item3)]);
            var scores = new float[5 * items];
            signals.Score(history, scores);

            var profile = signals.ProfileOf(history);
            var at = profile.LastSeconds;
            var expected = new float[items];
            var query = new float[d];
            foreach (var (level, row) in new[] { (InterestLevel.Macro, 0), (InterestLevel.Meso, 1) })
            {
                if (profile.LevelVector(level, query, at)) VectorMath.DotAll(data.ItemVectors!, d, query, expected);
                else Array.Clear(expected);
                // Two float32 paths (the profile's running, decay-rescaled vector vs. strengths × node matrix) round differently
                // over a month of events; a wrong formula is off by far more than 1e-4.
                for (int i = 0; i < items; i++) Assert.Equal(expected[i], scores[row * items + i], 1e-4f);
            }
            var interests = profile.EventCount == 0 ? [] : profile.MultiInterest(5, at);
            for (int i = 0; i < items; i++)
            {
                var best = interests.Count == 0 ? 0f : interests.Max(v => System.Numerics.Tensors.TensorPrimitives.Dot(data.ItemVectors.AsSpan(i * d, d), v.Vector));
                Assert.Equal(best, scores[2 * items + i], 1e-5f);
            }
        }, iter: 200);
    }
}
