using Strata.Core.Domain;
using Strata.Engine;
using Strata.Recommend;
using Strata.Recommend.Diversity;
using Strata.Recommend.Explanations;
using Strata.Recommend.Fusion;

namespace Strata.Evaluation.Harness;

/// <summary>
/// The models <c>strata eval --models</c> can run, by name, each built with its defaults (the one place evaluation names
/// concrete trainers; the harness itself only sees <see cref="IRecommenderTrainer"/>).
/// </summary>
public static class ModelRoster
{
    /// <summary>Every model name, in the order reports list them (the engine's model kinds).</summary>
    public static IReadOnlyList<string> Names => ModelKinds.Names;

    /// <summary>Models that cannot run without item text vectors (<see cref="RecommenderData.ItemVectors"/>); Strata's model uses them when present.</summary>
    public static bool NeedsVectors(string name) => ModelKinds.NeedsVectors(name);

    /// <summary>The engine's trainer of that kind, with the protocol's validation carve, seed and λ.</summary>
    /// <exception cref="EvaluationException">Unknown model.</exception>
    public static IRecommenderTrainer Create(string name, ModelRosterOptions options)
    {
        if (!Names.Contains(name)) throw new EvaluationException($"unknown model '{name}' (expected some of: {string.Join(", ", Names)})");
        var engine = new EngineOptions { Model = new ModelOptions { Kind = name, EaseLambda = options.EaseLambda, Seed = options.Seed, TextVectors = options.TextVectors } };
        return ModelKinds.Create(engine, validation: options.Validation);
    }

    /// <summary>The model whose accuracy–diversity curve reports carry: Strata's, whose serving path diversifies.</summary>
    public const string DiversifiedModel = "strata";

    /// <summary>
    /// A fitted model's lists at each setting of the diversity knob, as <see cref="RecommendationPipeline"/> serves them:
    /// proportional slots across the user's interests — over the learned taxonomy when the model has one (Strata's), else
    /// over the catalogue's category paths — without explanations (they do not change the list).
    /// </summary>
    public static Func<double, ListRecommender> DiversityKnob(IRecommender model, IReadOnlyList<Item> catalog, float[]? itemVectors, int dimensions)
    {
        var paths = model is StrataModel { Taxonomy: { } taxonomy }
            ? InterestPaths.FromTaxonomy(taxonomy, Strata.Core.Ids.IdMap.From(catalog.Select(i => i.Id)))
            : InterestPaths.FromCategories(catalog);
        var pipeline = new RecommendationPipeline(model, paths, null, itemVectors, dimensions);
        return knob =>
        {
            var diversity = new DiversityOptions { Strength = knob, Method = DiversityMethod.Proportional };
            return (history, excluded, k) =>
            {
                var recommendations = pipeline.Recommend(history, k, diversity, excluded);
                var items = new int[recommendations.Length];
                for (int i = 0; i < items.Length; i++) items[i] = recommendations[i].Item;
                return items;
            };
        };
    }

    /// <summary>Parses a comma-separated list, keeping <see cref="Names"/> order and dropping duplicates.</summary>
    /// <exception cref="EvaluationException">An unknown name.</exception>
    public static IReadOnlyList<string> Parse(string list)
    {
        var asked = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToHashSet();
        if (asked.Count == 0) throw new EvaluationException("--models names no model");
        foreach (var name in asked)
            if (!Names.Contains(name)) throw new EvaluationException($"unknown model '{name}' (expected some of: {string.Join(", ", Names)})");
        return Names.Where(asked.Contains).ToList();
    }
}
