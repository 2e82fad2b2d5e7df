using Microsoft.Extensions.Configuration;
using Strata.Interests.Taxonomies;

namespace Strata.Engine.Tests;

/// <summary>The one options tree: every documented key binds to the setting it names, and a bad value is refused naming its key.</summary>
public sealed class EngineOptionsTests
{
    private static EngineOptions Bind(params (string Key, string Value)[] settings) =>
        EngineOptions.Bind(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Every_documented_key_binds()
    {
        var options = Bind(
            ("Strata:ItemText", "{title}. {tags}"),
            ("Strata:Model:Kind", "ease"), ("Strata:Model:EaseLambda", "250"), ("Strata:Model:Seed", "7"), ("Strata:Model:TextVectors", "tuned"),
            ("Strata:Model:DenseItemLimit", "500"), ("Strata:Model:MemoryBudget", "1.5GB"), ("Strata:Model:BoostedRanker", "true"),
            ("Strata:Model:TrendWindow", "1.00:00:00"),
            ("Strata:Embeddings:Model", "minilm-int8"), ("Strata:Embeddings:MaxTokens", "128"), ("Strata:Embeddings:VectorCachePath", "/tmp/v.db"),
            ("Strata:Taxonomy:Seed", "3"), ("Strata:Taxonomy:MacroNodes", "9"), ("Strata:Taxonomy:MaxMesoPerMacro", "7"), ("Strata:Taxonomy:Categories", "Blend"),
            ("Strata:Interests:HalfLife", "30.00:00:00"), ("Strata:Interests:ShortHalfLife", "3.00:00:00"), ("Strata:Interests:TopInterests", "4"),
            ("Strata:EventWeights:Click", "0.8"), ("Strata:EventWeights:Dislike", "-3"), ("Strata:EventWeights:RatingNeutral", "2.5"));
        Assert.Equal("{title}. {tags}", options.ItemText);
        Assert.Equal(("ease", 250.0, 7, "tuned"), (options.Model.Kind, options.Model.EaseLambda!.Value, options.Model.Seed, options.Model.TextVectors));
        Assert.Equal((500, 3L << 29, true), (options.Model.DenseItemLimit, options.Model.MemoryBudgetBytes(), options.Model.BoostedRanker));
        Assert.Equal(TimeSpan.FromDays(1), options.Model.TrendWindow);
        Assert.Equal(("minilm-int8", 128, "/tmp/v.db"), (options.Embeddings.Model, options.Embeddings.MaxTokens, options.Embeddings.VectorCachePath));
        Assert.Equal((3, 9, 7, CategoryUse.Blend), (options.Taxonomy.Seed, options.Taxonomy.MacroNodes!.Value, options.Taxonomy.MaxMesoPerMacro, options.Taxonomy.Categories));
        Assert.Equal((TimeSpan.FromDays(30), TimeSpan.FromDays(3), 4), (options.Interests.HalfLife, options.Interests.ShortHalfLife, options.Interests.TopInterests));
        Assert.Equal((0.8f, -3f, 2.5f), (options.EventWeights.Click, options.EventWeights.Dislike, options.EventWeights.RatingNeutral));
    }

    [Theory]
    [InlineData("Strata:Model:Kind", "magic", "Strata:Model:Kind")]
    [InlineData("Strata:Model:EaseLambda", "-5", "Strata:Model:EaseLambda")]
    [InlineData("Strata:Model:TextVectors", "fine-tuned", "Strata:Model:TextVectors")]
    [InlineData("Strata:Model:DenseItemLimit", "-1", "Strata:Model:DenseItemLimit")]
    [InlineData("Strata:Model:MemoryBudget", "lots", "Strata:Model:MemoryBudget")]
    [InlineData("Strata:Model:MemoryBudget", "0GB", "Strata:Model:MemoryBudget")]
    [InlineData("Strata:Model:TrendWindow", "00:00:10", "Strata:Model:TrendWindow")]
    [InlineData("Strata:Interests:HalfLife", "-1.00:00:00", "Strata:Interests:HalfLife")]
    [InlineData("Strata:Interests:ShortHalfLife", "90.00:00:00", "Strata:Interests:ShortHalfLife")]
    [InlineData("Strata:Interests:TopInterests", "0", "Strata:Interests:TopInterests")]
    [InlineData("Strata:Embeddings:Model", "gpt-9", "Strata:Embeddings:Model")]
    [InlineData("Strata:Embeddings:MaxTokens", "4", "Strata:Embeddings:MaxTokens")]
    [InlineData("Strata:Taxonomy:MaxMacroShare", "2", "Strata:Taxonomy:MaxMacroShare")]
    [InlineData("Strata:Taxonomy:MacroNodes", "1", "Strata:Taxonomy:MacroNodes")]
    [InlineData("Strata:EventWeights:RatingScale", "0", "Strata:EventWeights:RatingScale")]
    [InlineData("Strata:EventWeights:Click", "lots", "Strata:EventWeights:Click")]
    [InlineData("Strata:ItemText", "", "Strata:ItemText")]
    public void A_bad_value_is_refused_naming_its_key(string key, string value, string named)
    {
        var refused = Assert.Throws<EngineOptionsException>(() => Bind((key, value)));
        Assert.Contains(named, refused.Message);
    }

    [Theory]
    [InlineData("auto", 999, true)]
    [InlineData("auto", 1000, false)]
    [InlineData("tuned", 1_000_000, true)]
    [InlineData("frozen", 10, false)]
    public void Text_vectors_choose_where_strata_tunes_its_text(string textVectors, int items, bool tunes)
    {
        var options = Bind(("Strata:Model:TextVectors", textVectors), ("Strata:Model:IndexedCandidatesFrom", "1000"));
        var trainer = Assert.IsType<Strata.Recommend.Fusion.StrataTrainer>(ModelKinds.Create(options));
        Assert.Equal(tunes, trainer.TunesText(new Strata.Recommend.DataShape(Users: 50, Items: items, Events: 500, Dimensions: 384)));
    }

    [Fact]
    public void Text_vectors_default_to_auto() => Assert.Equal(ModelKinds.AutoVectors, Bind().Model.TextVectors);

    [Fact]
    public void The_fingerprint_changes_with_any_setting_a_model_depends_on_and_not_with_where_vectors_are_cached()
    {
        var baseline = Bind().Fingerprint();
        Assert.Equal(baseline, Bind().Fingerprint());
        Assert.Equal(baseline, Bind(("Strata:Embeddings:VectorCachePath", "/elsewhere.db")).Fingerprint());
        foreach (var (key, value) in new[] { ("Strata:Interests:HalfLife", "20.00:00:00"), ("Strata:EventWeights:View", "0.7"), ("Strata:ItemText", "{title}"),
                     ("Strata:Model:Kind", "pop"), ("Strata:Taxonomy:Seed", "5"), ("Strata:Embeddings:Model", "arctic-xs") })
            Assert.NotEqual(baseline, Bind((key, value)).Fingerprint());
    }
}
