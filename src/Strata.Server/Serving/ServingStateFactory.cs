using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Embeddings;
using Strata.Embeddings.Onnx;
using Strata.Embeddings.Text;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// Fits a <see cref="ServingState"/> from the store: catalogue → item vectors (cached) → taxonomy (saved as a versioned
/// artifact, reused while the catalogue is unchanged) → event log → profiles rebuilt from the log → recommendation model.
/// Also embeds new items and free-text queries with the same encoder.
/// </summary>
internal sealed class ServingStateFactory(
    ICatalogStore catalog,
    IEventStore events,
    IArtifactStore artifacts,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IOptions<ServingOptions> servingOptions,
    FitCheckpoint checkpoint,
    ILogger<ServingStateFactory> logger)
{
    /// <summary>Artifact name of the taxonomy the server serves.</summary>
    public const string TaxonomyArtifact = "taxonomy";

    private readonly ServingOptions _options = servingOptions.Value;
    private readonly SavedModels _saved = new(servingOptions.Value.ModelPath, logger);

    /// <summary>
    /// Builds a serving state from the store. With <paramref name="reuseSavedModel"/> (a start) the saved model serves
    /// when it still matches the store; otherwise — or when it does not — the model is fitted.
    /// </summary>
    public async Task<ServingState> FitAsync(long version, bool reuseSavedModel, CancellationToken cancellationToken)
    {
        var items = new List<Item>();
        await foreach (var item in catalog.ReadItemsAsync(cancellationToken)) items.Add(item);
        if (items.Count == 0)
            throw new InvalidOperationException("The store holds no items: import a dataset (strata import) or PUT /items first.");
        var template = new ItemTextTemplate(_options.ItemText);
        var vectors = await CatalogEmbedder.EmbedAsync(generator, items, template, cancellationToken: cancellationToken);
        var dimensions = vectors.Length / items.Count;
        var taxonomy = await TaxonomyAsync(vectors, dimensions, items, cancellationToken);

        // Profiles and models see the log up to the last event read here; the host catches the state up on what follows.
        // Item indices follow the catalogue (= taxonomy) order; events on items outside it cannot be modelled and are skipped.
        var itemIds = taxonomy.Items;
        if (reuseSavedModel && _saved.RemoveLeftovers() is var leftovers and > 0)
            logger.LogInformation("Removed {Count} unfinished model file(s) left by an interrupted save", leftovers);
        var saved = reuseSavedModel ? _saved.ReadStamp() : null;
        var builder = new EventTable.Builder(items: Strata.Core.Ids.IdMap.From(itemIds.Ids));
        long lastSequence = 0, logEvents = 0, eventsThroughSaved = 0;
        await foreach (var stored in events.ReadSinceAsync(0, cancellationToken))
        {
            lastSequence = stored.Sequence;
            logEvents++;
            if (saved is not null && stored.Sequence <= saved.FittedThrough) eventsThroughSaved++;
            if (stored.Event.ItemId is { } itemId && !itemIds.Contains(itemId)) continue;
            builder.Add(stored.Event);
        }
        await checkpoint.ReachedAsync(cancellationToken);
        var table = builder.Build();
        var profileSet = ProfileSet.Rebuild(table, taxonomy, _options.Interests);
        var profiles = new Dictionary<string, InterestProfile>(table.Users.Count, StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(table.Users.Count, StringComparer.Ordinal);
        for (int u = 0; u < table.Users.Count; u++) profiles[table.Users[u]] = profileSet[u];
        for (int r = 0; r < table.Count; r++)
        {
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, table.Users[table.UserIndex[r]], out _);
            count++;
        }
        var histories = new Dictionary<string, LiveHistory>(table.Users.Count, StringComparer.Ordinal);
        var fromLog = Strata.Recommend.UserHistories.From(table);
        for (int u = 0; u < fromLog.Length; u++) histories[table.Users[u]] = LiveHistory.From(fromLog[u]);
        var stamp = new ModelStamp(ModelStamp.OptionsOf(_options), ModelStamp.Hash(itemIds.Ids), ModelStamp.Hash(vectors), lastSequence, logEvents);
        ServingEngine? engine = null;
        if (saved is not null && saved with { FittedThrough = 0, EventsThrough = 0 } == stamp with { FittedThrough = 0, EventsThrough = 0 }
            && saved.FittedThrough <= lastSequence && saved.EventsThrough == eventsThroughSaved
            && await Task.Run(() => _saved.Read(new Strata.Recommend.RecommenderData(table, items, vectors, dimensions)), cancellationToken) is { } model)
        {
            engine = ServingEngine.Serve(model, taxonomy, vectors, dimensions);
            stamp = saved;
            logger.LogInformation("Serving the saved {Model} model (fitted through event {Sequence}) instead of fitting", model.Name, saved.FittedThrough);
        }
        engine ??= await Task.Run(() => ServingEngine.Fit(table, items, vectors, dimensions, taxonomy, _options, cancellationToken), cancellationToken);
        return new ServingState(version, lastSequence, items, vectors, dimensions, taxonomy, profileSet.Context, profiles, counts, histories, engine,
            HistoryMemos.Create(_options, items.Count), stamp, fromSavedModel: ReferenceEquals(stamp, saved),
            eventsSinceModel: logEvents - stamp.EventsThrough);
    }

    /// <summary>Writes a fitted state's model to a temporary file (null when saving is off or failed); see <see cref="SavedModels"/>.</summary>
    public string? WriteModel(ServingState state) => state.FromSavedModel ? null : _saved.WriteTemporary(state.Model, state.Stamp);

    public void CommitModel(string temporary) => _saved.Commit(temporary);

    public void DiscardModel(string? temporary) => _saved.Discard(temporary);

    /// <summary>Deletes the saved model: it was fitted on the events of a user who has just been erased.</summary>
    public void DeleteSavedModel() => _saved.Delete();

    /// <summary>Embeds items as the catalogue is embedded (row-major unit vectors).</summary>
    public Task<float[]> EmbedItemsAsync(IReadOnlyList<Item> items, CancellationToken cancellationToken) =>
        CatalogEmbedder.EmbedAsync(generator, items, new ItemTextTemplate(_options.ItemText), cancellationToken: cancellationToken);

    /// <summary>
    /// Embeds a free-text query. People's own words are personal data, so queries bypass the vector cache when the
    /// encoder is local (nothing of them is written to disk).
    /// </summary>
    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken)
    {
        var direct = generator.GetService(typeof(OnnxSentenceEncoder)) as IEmbeddingGenerator<string, Embedding<float>> ?? generator;
        var vectors = await CatalogEmbedder.EmbedTextsAsync(direct, [text], cancellationToken: cancellationToken);
        return vectors;
    }

    private async Task<Taxonomy> TaxonomyAsync(float[] vectors, int dimensions, List<Item> items, CancellationToken cancellationToken)
    {
        // Reuse the saved tree while it covers exactly this catalogue in this order: restarts then serve the same tree
        // (and so the same profiles) without re-clustering; a changed catalogue gets a new tree and a new artifact version.
        var saved = await artifacts.LoadArtifactAsync(TaxonomyArtifact, cancellationToken: cancellationToken);
        if (saved is not null)
        {
            var previous = Taxonomy.FromBytes(saved.Data, saved.Version);
            if (previous.Dimensions == dimensions && SameItems(previous, items)) return previous;
        }
        var built = await TaxonomyBuilder.BuildAsync(vectors, dimensions, items, _options.Taxonomy, cancellationToken);
        var version = await artifacts.SaveArtifactAsync(TaxonomyArtifact, built.ToBytes(), cancellationToken);
        logger.LogInformation("Taxonomy v{Version}: {Macro} macro and {Meso} meso nodes over {Items} items", version, built.MacroCount, built.MesoCount, items.Count);
        return built.WithVersion(version);
    }

    private static bool SameItems(Taxonomy taxonomy, List<Item> items)
    {
        if (taxonomy.Items.Count != items.Count) return false;
        for (int i = 0; i < items.Count; i++)
            if (taxonomy.Items[i] != items[i].Id) return false;
        return true;
    }
}
