using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Embeddings;
using Strata.Embeddings.Text;
using Strata.Recommend.Diversity;
using Strata.Recommend.Explanations;
using Strata.Recommend.Fusion;
using Strata.Storage;

namespace Strata.Recommend.Engine;

/// <summary>
/// Store → fit → recommend, for every host (CLI, HTTP server): reads the catalogue and the event log, embeds the
/// catalogue, fits Strata's full model and serves explained recommendations by external user id.
/// Immutable after <see cref="FitAsync"/>; safe to share across threads.
/// </summary>
public sealed class StrataEngine
{
    private readonly UserHistory[] _histories;

    private StrataEngine(IReadOnlyList<Item> catalog, EventTable events, StrataModel model, RecommendationPipeline pipeline)
    {
        Catalog = catalog; Events = events; Model = model; Pipeline = pipeline;
        _histories = UserHistories.From(events);
    }

    public IReadOnlyList<Item> Catalog { get; }
    public EventTable Events { get; }
    public StrataModel Model { get; }
    public RecommendationPipeline Pipeline { get; }
    public IdMap Users => Events.Users;
    public IdMap Items => Events.Items;

    /// <summary>Reads the store, embeds the catalogue (unless the embedding model is <c>none</c>) and fits the model.</summary>
    public static async Task<StrataEngine> FitAsync(ICatalogStore catalogStore, IEventStore eventStore, StrataEngineOptions? options = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new StrataEngineOptions();
        progress?.Report("reading the catalogue");
        var catalog = new List<Item>();
        await foreach (var item in catalogStore.ReadItemsAsync(cancellationToken)) catalog.Add(item);
        var builder = new EventTable.Builder(new IdMap(), IdMap.From(catalog.Select(i => i.Id)));
        progress?.Report("reading the event log");
        await foreach (var stored in eventStore.ReadSinceAsync(0, cancellationToken))
            if (stored.Event.ItemId is not null) builder.Add(stored.Event);
        // Items the log names but the catalogue lacks become id-only items, so every index has an item.
        for (int i = catalog.Count; i < builder.Items.Count; i++) catalog.Add(Item.Create(builder.Items[i], builder.Items[i]));
        var events = builder.Build();
        if (events.Count == 0) throw new InvalidOperationException("The store holds no events: import a dataset first (strata import).");

        float[]? vectors = null;
        int dimensions = 0;
        if (!string.Equals(options.EmbeddingModel, "none", StringComparison.OrdinalIgnoreCase))
        {
            progress?.Report($"embedding {catalog.Count} items ({options.EmbeddingModel})");
            using var generator = EmbeddingGeneratorFactory.Create(options.EmbeddingModel,
                new EmbeddingOptions { Model = options.EmbeddingModel, VectorCachePath = options.VectorCachePath });
            var template = options.TextTemplate is null ? ItemTextTemplate.Default : new ItemTextTemplate(options.TextTemplate);
            vectors = await CatalogEmbedder.EmbedAsync(generator, catalog, template, null, cancellationToken);
            dimensions = catalog.Count == 0 ? 0 : vectors.Length / catalog.Count;
        }

        progress?.Report($"fitting on {events.Count} events of {events.Users.Count} users");
        var data = new RecommenderData(events, catalog, vectors, dimensions);
        var model = await Task.Run(() => new StrataTrainer(options.Model).FitModel(data, cancellationToken), cancellationToken);
        // Explanations name the interest model's nodes when it exists; catalogue categories otherwise.
        var paths = model.Taxonomy is { } taxonomy ? InterestPaths.FromTaxonomy(taxonomy, events.Items) : InterestPaths.FromCategories(catalog);
        var pipeline = new RecommendationPipeline(model, paths, model.Contributions, vectors, dimensions);
        return new StrataEngine(catalog, events, model, pipeline);
    }

    /// <summary>The user's history (empty for a user the log has never seen).</summary>
    public UserHistory HistoryOf(string userId) =>
        Users.TryGetIndex(userId, out var user) ? _histories[user] : UserHistory.OfItems(-1);

    /// <summary>Explained top-n for a user; an unknown user gets the cold-start list (popularity-led).</summary>
    public IReadOnlyList<ItemRecommendation> Recommend(string userId, int n, DiversityOptions? diversity = null)
    {
        var history = HistoryOf(userId);
        return Pipeline.Recommend(history, n, diversity).Select(r => new ItemRecommendation(
            Items[r.Item], Catalog[r.Item].Title, r.Score, r.Explanation.Macro, r.Explanation.Meso,
            r.Explanation.Events.Select(e => new RecommendationReason(Items[e.Item], Catalog[e.Item].Title, e.Type.Name(),
                DateTimeOffset.FromUnixTimeSeconds(e.Seconds), e.Contribution, e.SameInterest)).ToArray())).ToArray();
    }
}
