using Microsoft.Extensions.Options;
using Strata.Embeddings.Onnx;
using Strata.Embeddings;
using Strata.Core.Domain;
using Strata.Engine;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// Builds a <see cref="ServingState"/> with the engine (<see cref="StrataEngine.FitAsync"/>: catalogue → text → vectors →
/// taxonomy → log → model, the saved model read back while it matches) and adds what only a server keeps: live histories
/// rebuilt from the log (each user's profile is built from theirs when first needed), and the memo of live users' partial sums.
/// </summary>
internal sealed class ServingStateFactory(
    StrataEngine engine,
    ICatalogStore catalog,
    IEventStore events,
    IArtifactStore artifacts,
    IOptions<ServingOptions> servingOptions,
    FitCheckpoint checkpoint,
    ILogger<ServingStateFactory> logger)
{
    private readonly ServingOptions _options = servingOptions.Value;
    private readonly SavedModels _saved = new(servingOptions.Value.ModelPath, logger);

    /// <summary>
    /// Builds a serving state from the store. With <paramref name="reuseSavedModel"/> (a start) the saved model serves
    /// when it still matches the store; otherwise — or when it does not — the model is fitted.
    /// </summary>
    public async Task<ServingState> FitAsync(long version, bool reuseSavedModel, CancellationToken cancellationToken)
    {
        if (reuseSavedModel && _saved.RemoveLeftovers() is var leftovers and > 0)
            logger.LogInformation("Removed {Count} unfinished model file(s) left by an interrupted save", leftovers);
        // Each stage is logged as it starts: a first fit takes tens of seconds and the log should say what it is doing.
        var stages = new LoggedStages(logger, version);
        var fitted = await engine.FitAsync(catalog, events, artifacts, _saved, reuseSavedModel, checkpoint.ReachedAsync, stages, cancellationToken);
        var table = fitted.Log.Events;
        // Counted by user index, then keyed once per user: a string lookup per event took seconds of a 10⁷-event start.
        var perUser = new int[table.Users.Count];
        foreach (var user in table.UserIndex.AsSpan(0, table.Count)) perUser[user]++;
        var counts = new Dictionary<string, int>(table.Users.Count, StringComparer.Ordinal);
        for (int u = 0; u < perUser.Length; u++)
            if (perUser[u] > 0) counts[table.Users[u]] = perUser[u];
        var histories = new Dictionary<string, LiveHistory>(table.Users.Count, StringComparer.Ordinal);
        var fromLog = Strata.Recommend.UserHistories.From(table);
        for (int u = 0; u < fromLog.Length; u++) histories[table.Users[u]] = LiveHistory.From(fromLog[u]);
        return new ServingState(version, fitted, engine.ProfileContext(fitted), counts, histories, HistoryMemos.Create(_options, fitted.Catalogue.Items.Count),
            engine.Options.Model, model => engine.FitVariant(fitted, model));
    }

    /// <summary>Writes a fitted state's model to a temporary file (null when saving is off or failed); see <see cref="SavedModels"/>.</summary>
    public string? WriteModel(ServingState state) => state.FromSavedModel ? null : _saved.WriteTemporary(state.Model, state.Stamp);

    public void CommitModel(string temporary) => _saved.Commit(temporary);

    public void DiscardModel(string? temporary) => _saved.Discard(temporary);

    /// <summary>Deletes the saved model: it was fitted on the events of a user who has just been erased.</summary>
    public void DeleteSavedModel() => _saved.Delete();

    /// <summary>Embeds items as the catalogue is embedded (row-major unit vectors).</summary>
    public Task<float[]> EmbedItemsAsync(IReadOnlyList<Item> items, ServingState state, CancellationToken cancellationToken) =>
        engine.EmbedItemsAsync(items, state.Template, cancellationToken);

    /// <summary>
    /// Embeds a free-text query. People's own words are personal data, so queries bypass the vector cache when the
    /// encoder is local (nothing of them is written to disk).
    /// </summary>
    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken)
    {
        var direct = engine.Generator.GetService(typeof(OnnxSentenceEncoder)) as Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> ?? engine.Generator;
        return await CatalogEmbedder.EmbedTextsAsync(direct, [text], cancellationToken: cancellationToken);
    }
}

/// <summary>Reports a fit's stages to the log at once, on the fitting thread (<see cref="Progress{T}"/> would post them later, out of order).</summary>
internal sealed class LoggedStages(ILogger logger, long version) : IProgress<string>
{
    public void Report(string stage) => logger.LogInformation("Model v{Version}: {Stage}", version, stage);
}
