using Strata.Recommend.Collaborative;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Collaborative;

[Collection(RecommendersSplitCollection.Name)]
public sealed class EaseKnownNumbersTests(RecommendersSplit split)
{
    [Fact]
    public void Ease_lambda_500_reproduces_the_reference_numbers_on_recommenders_75_25()
    {
        var model = new EaseTrainer(new EaseOptions { Lambda = 500 }).Fit(split.Data);
        var m = split.Evaluate(model);
        Assert.Equal(0.4829, m.Ndcg, 0.002);
        Assert.Equal(0.4198, m.Precision, 0.002);
        Assert.Equal(0.2277, m.Recall, 0.002);
        Assert.Equal(0.1491, m.Map, 0.002);
    }

    [Fact]
    public void Edlae_p033_lambda_300_beats_ease_as_the_probe_found()
    {
        var model = EaseTrainer.Edlae().Fit(split.Data);
        var m = split.Evaluate(model);
        Assert.Equal(0.4878, m.Ndcg, 0.002);
    }
}
