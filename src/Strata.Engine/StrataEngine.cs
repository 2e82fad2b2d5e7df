using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Embeddings;
using Strata.Embeddings.Text;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Recommend.Content;
using Strata.Storage;

namespace Strata.Engine;

/// <summary>
/// The one pipeline from a store to a served model, for every host (CLI, HTTP server, evaluation):
/// catalogue → item text (<see cref="ItemTexts"/>, one policy) → vectors (the encoder, cached) → taxonomy (loaded while
/// its stamp matches, else built and saved) → event log → recommender (<see cref="ModelKinds"/>; a saved model is read
/// back while its stamp matches) → <see cref="ExplainedRecommender"/>. Each stage takes its settings from one
/// <see cref="EngineOptions"/>.
/// </summary>
public sealed class StrataEngine(EngineOptions options, IEmbeddingGenerator<string, Embedding<float>> generator, ILogger? logger = null)
{
    public EngineOptions Options => options;

    public IEmbeddingGenerator<string, Embedding<float>> Generator => generator;

    /// <summary>The weights every stage uses, compiled once.</summary>
    public EventWeights Weights { get; } = new(options.EventWeights);

    /// <summary>Every catalogue item with its encoder text and unit vector (cached by the encoder's vector cache).</summary>
    /// <exception cref="InvalidOperationException">The store holds no items.</exception>
    public async Task<Catalogue> ReadCatalogueAsync(ICatalogStore store, IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        await EmbedCatalogueAsync(await ReadItemsAsync(store, cancellationToken).ConfigureAwait(false), progress, cancellationToken).ConfigureAwait(false);

    /// <summary>Every catalogue item, in store order.</summary>
    /// <exception cref="InvalidOperationException">The store holds no items.</exception>
    private static async Task<List<Item>> ReadItemsAsync(ICatalogStore store, CancellationToken cancellationToken)
    {
        var items = new List<Item>();
        await foreach (var item in store.ReadItemsAsync(cancellationToken).ConfigureAwait(false)) items.Add(item);
        if (items.Count == 0)
            throw new InvalidOperationException("The store holds no items: import a dataset (strata import) or PUT /items first.");
        return items;
    }

    private async Task<Catalogue> EmbedCatalogueAsync(List<Item> items, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        var template = ItemTexts.For(options, items);
        var vectors = await CatalogEmbedder.EmbedAsync(generator, items, template, progress, cancellationToken).ConfigureAwait(false);
        return new Catalogue(items, template, vectors, vectors.Length / items.Count);
    }

    /// <summary>Embeds items as the catalogue is embedded (new items placed before the next refit).</summary>
    public Task<float[]> EmbedItemsAsync(IReadOnlyList<Item> items, ItemTextTemplate template, CancellationToken cancellationToken = default) =>
        CatalogEmbedder.EmbedAsync(generator, items, template, cancellationToken: cancellationToken);

    /// <summary>
    /// The store's taxonomy for this catalogue: the saved one while its stamp (taxonomy settings, item ids, vectors) matches,
    /// else a new one, built and saved as the next version.
    /// </summary>
    public Task<Taxonomy> TaxonomyAsync(IArtifactStore store, Catalogue catalogue, CancellationToken cancellationToken = default) =>
        TaxonomyAsync(store, catalogue, CatalogueHashes(catalogue), cancellationToken);

    /// <summary>The hashes of the catalogue's ids and of its vectors, which both the taxonomy's stamp and the model's carry.</summary>
    private static (string Items, string Vectors) CatalogueHashes(Catalogue catalogue) =>
        (ModelStamp.Hash(catalogue.Items.Select(i => i.Id)), ModelStamp.Hash(catalogue.Vectors));

    /// <summary><see cref="TaxonomyAsync(IArtifactStore, Catalogue, CancellationToken)"/> with the catalogue's ids and vectors already hashed.</summary>
    private async Task<Taxonomy> TaxonomyAsync(IArtifactStore store, Catalogue catalogue, (string Items, string Vectors) hashes, CancellationToken cancellationToken)
    {
        var stamp = EngineOptions.Hash(JsonSerializer.Serialize(options.TaxonomyFingerprintView()) + "|" + hashes.Items + "|" + hashes.Vectors);
        var (taxonomy, built) = await TaxonomyCache.LoadOrBuildAsync(store, stamp, token => BuildTaxonomyAsync(store, catalogue, token), cancellationToken).ConfigureAwait(false);
        if (built) logger?.LogInformation("Taxonomy v{Version}: {Macro} macro and {Meso} meso nodes over {Items} items", taxonomy.Version, taxonomy.MacroCount, taxonomy.MesoCount, catalogue.Items.Count);
        return taxonomy;
    }

    /// <summary>Builds the tree; with a chat model configured, its nodes are named by it (names cached in the store, offline labels on any failure).</summary>
    private async Task<Taxonomy> BuildTaxonomyAsync(IArtifactStore store, Catalogue catalogue, CancellationToken cancellationToken)
    {
        using var chat = ChatLabelClient.Create(options.Labels.Chat);
        if (chat is null) return await TaxonomyBuilder.BuildAsync(catalogue.Vectors, catalogue.Dimensions, catalogue.Items, options.Taxonomy, cancellationToken).ConfigureAwait(false);
        var names = await TaxonomyArtifacts.LoadChatLabelsAsync(store, cancellationToken).ConfigureAwait(false);
        var naming = await TaxonomyBuilder.BuildNamedAsync(catalogue.Vectors, catalogue.Dimensions, catalogue.Items, options.Taxonomy, chat, names, cancellationToken).ConfigureAwait(false);
        await TaxonomyArtifacts.SaveChatLabelsAsync(store, names, cancellationToken).ConfigureAwait(false);
        return naming.Taxonomy;
    }

    /// <summary>
    /// The event log over the catalogue's item indices, read in one pass; events on items outside <paramref name="items"/>
    /// cannot be modelled and are skipped. <paramref name="countThrough"/> also counts the events up to that sequence
    /// (what a saved model's stamp is checked against).
    /// </summary>
    public static async Task<EventLog> ReadLogAsync(IEventStore store, IdMap items, long countThrough = 0, CancellationToken cancellationToken = default)
    {
        var builder = new EventTable.Builder(items: items);
        long lastSequence = 0, logEvents = 0, eventsThrough = 0;
        await foreach (var stored in store.ReadSinceAsync(0, cancellationToken).ConfigureAwait(false))
        {
            lastSequence = stored.Sequence;
            logEvents++;
            if (stored.Sequence <= countThrough) eventsThrough++;
            if (stored.Event.ItemId is { } itemId && !items.Contains(itemId)) continue;
            builder.Add(stored.Event);
        }
        return new EventLog(builder.Build(), lastSequence, logEvents, eventsThrough);
    }

    /// <summary>
    /// Store → fitted model. With <paramref name="reuseSavedModel"/> the model saved at <paramref name="saved"/> is read back
    /// when its stamp matches the store and these settings; otherwise the model is fitted (and not saved: see
    /// <see cref="SavedModels"/> for the write). <paramref name="logRead"/> runs once the log has been read.
    /// </summary>
    public async Task<FittedModel> FitAsync(ICatalogStore catalog, IEventStore events, IArtifactStore artifacts, SavedModels saved, bool reuseSavedModel,
        Func<CancellationToken, Task>? logRead = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        using var fit = EngineTelemetry.Source.StartActivity("strata.fit");
        var savedStamp = reuseSavedModel ? saved.ReadStamp() : null;
        // The tree holds every catalogue item in store order (its stamp hashes those ids), so the log can be read over the
        // catalogue's ids while the catalogue is embedded and the tree loaded: at 10⁶ items and 10⁷ events each takes
        // about 20 s of one core. The read starts here, outside the catalogue's stage, so that its stage is the fit's child.
        var catalogueIds = new TaskCompletionSource<IdMap>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(async () =>
        {
            var ids = await catalogueIds.Task.ConfigureAwait(false);
            using var stage = EngineTelemetry.Stage("log", "reading the event log", progress);
            var read = await ReadLogAsync(events, ids, savedStamp?.FittedThrough ?? 0, stopReading.Token).ConfigureAwait(false);
            stage?.SetTag("strata.events", read.LogEvents);
            return read;
        }, cancellationToken);
        Catalogue catalogue;
        Taxonomy taxonomy;
        // The taxonomy's stamp and the model's both hash the ids and the vectors (1.5 GB at 10⁶ × 384): once is enough.
        (string Items, string Vectors) hashes;
        try
        {
            using (var stage = EngineTelemetry.Stage("catalogue", "reading and embedding the catalogue", progress))
            {
                var items = await ReadItemsAsync(catalog, cancellationToken).ConfigureAwait(false);
                catalogueIds.SetResult(IdMap.From(items.Select(i => i.Id)));
                catalogue = await EmbedCatalogueAsync(items, null, cancellationToken).ConfigureAwait(false);
                stage?.SetTag("strata.items", catalogue.Items.Count);
            }
            using (var stage = EngineTelemetry.Stage("taxonomy", "loading the taxonomy", progress))
            {
                hashes = CatalogueHashes(catalogue);
                taxonomy = await TaxonomyAsync(artifacts, catalogue, hashes, cancellationToken).ConfigureAwait(false);
                stage?.SetTag("strata.taxonomy.version", taxonomy.Version);
            }
        }
        catch
        {
            // Stop the read and let it end before the stores it reads can be disposed; its own failure is secondary to this one.
            catalogueIds.TrySetCanceled(cancellationToken);
            await stopReading.CancelAsync().ConfigureAwait(false);
            await reading.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
        var log = await reading.ConfigureAwait(false);
        if (!taxonomy.Items.Ids.SequenceEqual(log.Events.Items.Ids, StringComparer.Ordinal))
            throw new InvalidOperationException($"Taxonomy v{taxonomy.Version} does not hold the catalogue's items in store order.");
        if (logRead is not null) await logRead(cancellationToken).ConfigureAwait(false);

        var data = DataOf(catalogue, log);
        // The tree's ids are the catalogue's (checked above), so they share one hash.
        var stamp = new ModelStamp(options.Fingerprint(), hashes.Items, hashes.Vectors, log.LastSequence, log.LogEvents);
        // The text ranker needs the catalogue, the tree and the log, not the model: it is prepared beside the model's read
        // or fit (at 10⁶ items each of the two takes about 6 s of a start).
        var preparing = Task.Run(async () =>
        {
            using var stage = EngineTelemetry.Stage("text", "preparing text cold start", progress);
            return await TextQueryRanker.CreateAsync(generator, catalogue.Items, catalogue.Vectors, catalogue.Dimensions, taxonomy,
                ItemEventCounts(log.Events), cancellationToken: cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
        IRecommender? model = null;
        var fromSaved = false;
        try
        {
            if (savedStamp is not null && savedStamp with { FittedThrough = 0, EventsThrough = 0 } == stamp with { FittedThrough = 0, EventsThrough = 0 }
                && savedStamp.FittedThrough <= log.LastSequence && savedStamp.EventsThrough == log.EventsThrough)
            {
                using var stage = EngineTelemetry.Stage("saved-model", "reading the saved model", progress);
                model = await Task.Run(() => saved.Read(data), cancellationToken).ConfigureAwait(false);
                if (model is not null)
                {
                    (stamp, fromSaved) = (savedStamp, true);
                    logger?.LogInformation("Serving the saved {Model} model (fitted through event {Sequence}) instead of fitting", model.Name, savedStamp.FittedThrough);
                }
            }
            if (model is null)
            {
                using var stage = EngineTelemetry.Stage("model", $"fitting {options.Model.Kind} on {log.Events.Count:N0} events of {log.Events.Users.Count:N0} users", progress);
                stage?.SetTag("strata.model.kind", options.Model.Kind);
                model = await Task.Run(() => FitModel(data, taxonomy, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await preparing.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
        fit?.SetTag("strata.model.from_saved", fromSaved);
        var textRanker = await preparing.ConfigureAwait(false);
        // Only a fit that ran every stage is marked Ok; one cancelled or failed part-way stays Unset in its trace.
        fit?.SetStatus(ActivityStatusCode.Ok);
        return new FittedModel(catalogue, taxonomy, log, model, stamp, fromSaved,
            ExplainedRecommender.Serve(model, taxonomy, catalogue.Vectors, catalogue.Dimensions, options, textRanker));
    }

    /// <summary>
    /// Another model fitted on exactly what <paramref name="fitted"/> was (catalogue, vectors, taxonomy, log), served through the
    /// same pipeline with the same interests and weights: an online experiment's variant. Not saved.
    /// </summary>
    /// <exception cref="EngineOptionsException">The model's settings are invalid.</exception>
    public ExplainedRecommender FitVariant(FittedModel fitted, ModelOptions model, CancellationToken cancellationToken = default)
    {
        var variant = options.WithModel(model);
        var recommender = ModelKinds.Fit(variant, DataOf(fitted.Catalogue, fitted.Log), fitted.Taxonomy, logger, cancellationToken);
        logger?.LogInformation("Variant model {Model} fitted on {Events} events", recommender.Name, fitted.Log.Events.Count);
        return ExplainedRecommender.Serve(recommender, fitted.Taxonomy, fitted.Catalogue.Vectors, fitted.Catalogue.Dimensions, variant);
    }

    private RecommenderData DataOf(Catalogue catalogue, EventLog log) => new(log.Events, catalogue.Items, catalogue.Vectors, catalogue.Dimensions) { Feedback = Weights };

    /// <summary>Events per catalogue item (the popularity the text ranker weighs in).</summary>
    private static int[] ItemEventCounts(EventTable events)
    {
        var counts = new int[events.Items.Count];
        for (int r = 0; r < events.Count; r++)
            if (events.ItemIndex[r] >= 0) counts[events.ItemIndex[r]]++;
        return counts;
    }

    /// <summary>Fits the configured model kind on <paramref name="data"/> over the store's taxonomy.</summary>
    public IRecommender FitModel(RecommenderData data, Taxonomy taxonomy, CancellationToken cancellationToken = default) =>
        ModelKinds.Fit(options, data, taxonomy, logger, cancellationToken);

    /// <summary>
    /// What every profile over <paramref name="fitted"/>'s taxonomy shares: these settings' half-lives and weights, and the
    /// population prior of its log. A host builds each user's profile from it when that user is first needed.
    /// </summary>
    public ProfileContext ProfileContext(FittedModel fitted)
    {
        var context = new ProfileContext(fitted.Taxonomy, options.Interests, Weights);
        return context.WithPrior(ProfileSet.PopulationPrior(fitted.Log.Events, context));
    }
}

/// <summary>The catalogue as the engine embeds it: items in store order, the text template used, row-major unit vectors.</summary>
public sealed record Catalogue(IReadOnlyList<Item> Items, ItemTextTemplate Template, float[] Vectors, int Dimensions);

/// <summary>The event log read once: the table over item indices, the last sequence, the events in the log (and up to a saved model's fit).</summary>
public sealed record EventLog(EventTable Events, long LastSequence, long LogEvents, long EventsThrough);

/// <summary>What <see cref="StrataEngine.FitAsync"/> produces: everything a host serves from, for one version of the model.</summary>
public sealed record FittedModel(Catalogue Catalogue, Taxonomy Taxonomy, EventLog Log, IRecommender Model, ModelStamp Stamp, bool FromSavedModel,
    ExplainedRecommender Recommender)
{
    /// <summary>Events in the log when this was built that the model was not fitted on (a saved model's later events).</summary>
    public long EventsSinceModel => Log.LogEvents - Stamp.EventsThrough;
}
