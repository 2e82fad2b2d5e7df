using System.Globalization;
using Microsoft.Extensions.Logging;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Content;
using Strata.Recommend.Fusion;
using Strata.Recommend.Ranking;
using Strata.Recommend.Sequential;
using Strata.Recommend.Validation;

namespace Strata.Engine;

/// <summary>
/// Every kind of recommender the engine can fit, by name — the one switch over model names, used by the server, the
/// CLI and <c>strata eval</c> alike. (Saving and reading a fitted model is <see cref="Strata.Recommend.Persistence.ModelFile"/>'s.)
/// </summary>
public static class ModelKinds
{
    public const string Strata = "strata";

    /// <summary>
    /// Values of <see cref="ModelOptions.TextVectors"/>: <c>auto</c> (the default, also of <c>strata eval --text-vectors</c>)
    /// is tuned below <see cref="ModelOptions.IndexedCandidatesFrom"/> items and frozen from there — tuned lifts Strata's
    /// cold-item HR@10 3.2× on ml-100k at the same fit time (README, "Item tower"), and its cost at 10⁶ items (a second
    /// copy of the item vectors in the fit and the server, and a tree of the model's own) is not yet measured against
    /// issue 14's limits.
    /// </summary>
    public const string AutoVectors = "auto", FrozenVectors = "frozen", TunedVectors = "tuned";

    /// <summary>Every value of <see cref="ModelOptions.TextVectors"/>.</summary>
    public static IReadOnlyList<string> TextVectorKinds { get; } = [AutoVectors, FrozenVectors, TunedVectors];

    /// <summary>The content baseline over the item tower's vectors (the tower trained on the training events).</summary>
    public const string TunedContent = "content-tuned";

    /// <summary>Every kind, in the order reports list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Strata, "ease", "edlae", "ials", "itemknn", "bpr", "seq", "content", TunedContent, "pop", TrendingModel.ModelName];

    /// <summary>Kinds that cannot run without item text vectors (Strata's model uses them when present).</summary>
    public static bool NeedsVectors(string kind) =>
        kind.Equals("content", StringComparison.OrdinalIgnoreCase) || kind.Equals(TunedContent, StringComparison.OrdinalIgnoreCase);

    /// <summary>The item tower of <paramref name="model"/>'s settings, or null for the frozen vectors.</summary>
    /// <exception cref="EngineOptionsException">A <see cref="ModelOptions.TextVectors"/> other than auto, frozen or tuned.</exception>
    public static ItemTowerOptions? Tower(ModelOptions model) => model.TextVectors.ToLowerInvariant() switch
    {
        FrozenVectors => null,
        AutoVectors or TunedVectors => new ItemTowerOptions { Seed = model.Seed },
        _ => throw new EngineOptionsException($"{EngineOptions.Section}:Model:TextVectors is '{model.TextVectors}'; expected {string.Join(", ", TextVectorKinds)}."),
    };

    /// <summary>The catalogue size from which <paramref name="model"/>'s settings read the frozen vectors (see <see cref="AutoVectors"/>).</summary>
    private static int TunedTextItemLimit(ModelOptions model) =>
        model.TextVectors.Equals(AutoVectors, StringComparison.OrdinalIgnoreCase) ? model.IndexedCandidatesFrom : int.MaxValue;

    /// <summary>
    /// The trainer of <paramref name="options"/>' model kind, carrying the settings it depends on: λ, seed, the interest
    /// profiles' half-lives and event weights, and the taxonomy (Strata's model builds one from the vectors when null).
    /// </summary>
    /// <param name="validation">The carve the learned parts tune on (null: each trainer's default); evaluation protocols set it.</param>
    public static IRecommenderTrainer Create(EngineOptions options, Taxonomy? taxonomy = null, ValidationOptions? validation = null)
    {
        var model = options.Model;
        var budget = model.MemoryBudgetBytes();
        var withoutColdUsers = (validation ?? new ValidationOptions()) with { ColdUserFraction = 0 };
        return model.Kind.ToLowerInvariant() switch
        {
            Strata => new StrataTrainer(new StrataOptions
            {
                // The model's single SGD thread is kept (Hogwild threads race): only the seed changes.
                Bpr = new StrataOptions().Bpr with { Seed = model.Seed },
                Edlae = new StrataOptions().Edlae with { Lambda = model.EaseLambda },
                Validation = validation ?? new StrataOptions().Validation,
                Taxonomy = taxonomy,
                TaxonomyOptions = options.Taxonomy,
                Interests = options.Interests,
                Weights = options.EventWeights,
                ItemTower = Tower(model),
                TunedTextItemLimit = TunedTextItemLimit(model),
                Sequential = new SequentialOptions { Seed = model.Seed },
                DenseItemLimit = model.DenseItemLimit,
                IndexedCandidatesFrom = model.IndexedCandidatesFrom,
                Boosting = model.BoostedRanker ? new LambdaMartOptions { Seed = model.Seed } : null,
                MemoryBudgetBytes = budget,
                ImplicitAls = new ImplicitAlsOptions { Seed = model.Seed, MemoryBudgetBytes = budget },
            }),
            "ease" => new EaseTrainer(new EaseOptions { Lambda = model.EaseLambda, Validation = withoutColdUsers }),
            // EDLAE alone keeps Steck's λ = 300 unless one is set (its published setting; the eval tables compare with it).
            "edlae" => EaseTrainer.Edlae(model.EaseLambda ?? 300),
            // (λ, α) tuned on a validation split carved from training, like EASE's λ; cost grows with the events, not n².
            "ials" => new ImplicitAlsTrainer(new ImplicitAlsOptions { Seed = model.Seed, Validation = withoutColdUsers, MemoryBudgetBytes = budget }),
            "itemknn" => new ItemKnnTrainer(),
            "bpr" => new BprTrainer(new BprOptions { Seed = model.Seed }),
            // Self-attention over the user's recent items; text vectors seed its embeddings and place items without events.
            "seq" => new SequentialTrainer(new SequentialOptions { Seed = model.Seed }),
            "content" => new ContentOnlyTrainer(),
            TunedContent => new ContentOnlyTrainer(Tower(model) ?? new ItemTowerOptions { Seed = model.Seed }),
            "pop" => new MostPopularTrainer(),
            // What most users met in the window before the user's latest event: popularity as of when the user asks.
            TrendingModel.ModelName => new TrendingTrainer(new TrendingOptions { Window = model.TrendWindow }),
            _ => throw new EngineOptionsException($"{EngineOptions.Section}:Model:Kind is '{model.Kind}'; expected one of {string.Join(", ", Names)}."),
        };
    }

    /// <summary>The trainer of <paramref name="options"/>' kind, checked against the memory budget for <paramref name="data"/>, fitted.</summary>
    /// <exception cref="EngineOptionsException">The fit would exceed <see cref="ModelOptions.MemoryBudget"/> (nothing was allocated).</exception>
    /// <param name="logger">Told when Strata's model gives up its dense collaborative signals, and why.</param>
    public static IRecommender Fit(EngineOptions options, RecommenderData data, Taxonomy? taxonomy = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var trainer = Create(options, taxonomy);
        var shape = DataShape.Of(data);
        CheckMemory(trainer, shape, options.Model);
        if (trainer is StrataTrainer strata && !strata.UsesDenseCollaborative(shape))
            logger?.LogInformation("Collaborative signals: implicit ALS and item-kNN, not dense EDLAE ({Items:N0} items; {Section}:Model:DenseItemLimit is {Limit:N0}, {Section}:Model:MemoryBudget {Budget})",
                shape.Items, EngineOptions.Section, options.Model.DenseItemLimit, EngineOptions.Section, ByteSize.Format(options.Model.MemoryBudgetBytes()));
        return trainer.Fit(data, cancellationToken);
    }

    /// <summary>
    /// Refuses, before it starts, a fit whose estimate (<see cref="IRecommenderTrainer.EstimateBytes"/>) exceeds
    /// <see cref="ModelOptions.MemoryBudget"/>, naming the settings that would let it run.
    /// </summary>
    /// <exception cref="EngineOptionsException">Over the budget.</exception>
    public static void CheckMemory(IRecommenderTrainer trainer, DataShape shape, ModelOptions model)
    {
        var budget = model.MemoryBudgetBytes();
        var need = trainer.EstimateBytes(shape);
        if (need <= budget) return;
        var instead = trainer is EaseTrainer
            ? $", or choose a model whose cost grows with the events ({EngineOptions.Section}:Model:Kind=strata or ials)"
            : "";
        throw new EngineOptionsException(string.Create(CultureInfo.InvariantCulture,
            $"fitting {trainer.Name} on {shape.Items:N0} items, {shape.Users:N0} users and {shape.Events:N0} events needs ≈ {ByteSize.Format(need)}, " +
            $"over {EngineOptions.Section}:Model:MemoryBudget ({ByteSize.Format(budget)}): raise the budget{instead}."));
    }
}
