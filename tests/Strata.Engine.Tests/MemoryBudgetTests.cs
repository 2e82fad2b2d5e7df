using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Recommend;

namespace Strata.Engine.Tests;

/// <summary><c>Strata:Model:MemoryBudget</c>: a fit estimated above it is refused before it starts, naming the settings to change.</summary>
public sealed class MemoryBudgetTests
{
    private static RecommenderData Data(int users, int items)
    {
        var builder = new EventTable.Builder();
        for (int i = 0; i < items; i++) builder.Items.GetOrAdd($"i{i}");
        long second = 1_000_000;
        for (int u = 0; u < users; u++)
            for (int i = u % 3; i < items; i += 3) builder.Add($"u{u}", $"i{i}", EventType.Click, null, second++);
        return new RecommenderData(builder.Build(), [.. Enumerable.Range(0, items).Select(i => Item.Create($"i{i}", $"Item {i}"))], null, 0);
    }

    private static EngineOptions Options(string kind, string budget) => new() { Model = new ModelOptions { Kind = kind, MemoryBudget = budget, EaseLambda = 10 } };

    [Fact]
    public void A_dense_fit_over_the_budget_is_refused_naming_the_budget_and_the_scalable_kinds()
    {
        var data = Data(30, 400);
        var need = ModelKinds.Create(Options("ease", "1GB")).EstimateBytes(DataShape.Of(data));
        Assert.True(need > 400L * 400 * 12, "EASE holds the Gram matrix and the weights, n² each");
        var refused = Assert.Throws<EngineOptionsException>(() => ModelKinds.Fit(Options("ease", $"{need - 1}"), data));
        Assert.Contains("Strata:Model:MemoryBudget", refused.Message);
        Assert.Contains("Strata:Model:Kind=strata or ials", refused.Message);
        Assert.Contains("400 items", refused.Message);
        Assert.Equal("ease", ModelKinds.Fit(Options("ease", $"{need}"), data).Name);
    }

    [Fact]
    public void Strata_gives_up_dense_EDLAE_for_a_small_budget_and_still_fits()
    {
        var data = Data(40, 300);
        var options = Options(ModelKinds.Strata, "100MB");
        options.Model.DenseItemLimit = 100;
        var model = Assert.IsType<Recommend.Fusion.StrataModel>(ModelKinds.Fit(options, data));
        Assert.Contains("ials", model.Features.SignalNames);
        Assert.DoesNotContain("edlae", model.Features.SignalNames);
    }

    [Theory]
    [InlineData("12GB", 12L << 30)]
    [InlineData("800 MB", 800L << 20)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("4096", 4096L)]
    [InlineData("64kb", 64L << 10)]
    public void Sizes_parse_as_people_write_them(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("-1GB")]
    [InlineData("lots")]
    [InlineData("99999999999TB")]
    public void Other_text_is_not_a_size(string text) => Assert.False(ByteSize.TryParse(text, out _));
}
