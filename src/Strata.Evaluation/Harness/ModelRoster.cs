using Strata.Core.Domain;
using Strata.Recommend;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Content;
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
    /// <summary>Every model name, in the order reports list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["strata", "ease", "edlae", "ials", "itemknn", "bpr", "content", "pop"];

    /// <summary>Models that cannot run without item text vectors (<see cref="RecommenderData.ItemVectors"/>); Strata's model uses them when present.</summary>
    public static bool NeedsVectors(string name) => name is "content";

    /// <exception cref="EvaluationException">Unknown or not yet available model.</exception>
    public static IRecommenderTrainer Create(string name, ModelRosterOptions options) => name switch
    {
        // λ null: EASE tunes it on a validation split carved from the training data.
        "strata" => new StrataTrainer(new StrataOptions
        {
            // Keep the model's single SGD thread (Hogwild threads race): only the seed changes.
            Bpr = new StrataOptions().Bpr with { Seed = options.Seed },
            Validation = options.Validation,
        }),
        "ease" => new EaseTrainer(new EaseOptions { Lambda = options.EaseLambda, Validation = options.Validation with { ColdUserFraction = 0 } }),
        "edlae" => EaseTrainer.Edlae(),
        // (λ, α) tuned on a validation split carved from training, like EASE's λ; cost grows with the events, not n².
        "ials" => new ImplicitAlsTrainer(new ImplicitAlsOptions { Seed = options.Seed, Validation = options.Validation with { ColdUserFraction = 0 } }),
        "itemknn" => new ItemKnnTrainer(),
        "bpr" => new BprTrainer(new BprOptions { Seed = options.Seed }),
        "content" => new ContentOnlyTrainer(),
        "pop" => new MostPopularTrainer(),
        _ when Names.Contains(name) => throw new EvaluationException($"model '{name}' is not available in this build yet"),
        _ => throw new EvaluationException($"unknown model '{name}' (expected some of: {string.Join(", ", Names)})"),
    };

    /// <summary>The model whose accuracy–diversity curve reports carry: Strata's, whose serving path diversifies.</summary>
    public const string DiversifiedModel = "strata";

    /// <summary>
    /// A fitted model's lists at each setting of the diversity knob, as <see cref="RecommendationPipeline"/> serves them:
    /// proportional slots across the user's interests, over the catalogue's category paths (as <c>StrataEngine</c> builds
    /// them), without explanations (they do not change the list).
    /// </summary>
    public static Func<double, ListRecommender> DiversityKnob(IRecommender model, IReadOnlyList<Item> catalog, float[]? itemVectors, int dimensions)
    {
        var pipeline = new RecommendationPipeline(model, InterestPaths.FromCategories(catalog), null, itemVectors, dimensions);
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
