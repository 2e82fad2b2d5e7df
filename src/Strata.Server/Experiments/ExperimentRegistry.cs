using System.Text.Json;
using Strata.Engine;
using Strata.Storage;

namespace Strata.Server.Experiments;

/// <summary>
/// Every experiment the server knows, saved in the store as the <c>experiments</c> artifact (a new version per change, so
/// a restart resumes them and the history of definitions stays readable). At most one experiment runs at a time: it
/// decides which model serves each user. When none runs, the winner of the last stopped one serves everyone.
/// A change is saved before it takes effect, so a failed save changes nothing.
/// </summary>
internal sealed class ExperimentRegistry
{
    public const string ArtifactName = "experiments";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly IArtifactStore _store;
    private volatile Experiment[] _all;

    private ExperimentRegistry(IArtifactStore store, Experiment[] all)
    {
        _store = store;
        _all = all;
    }

    /// <summary>
    /// The saved experiments, plus the configured ones not saved yet (started now). A saved experiment keeps its saved
    /// state (a stop survives restarts), so changing a configured one needs a new id.
    /// </summary>
    /// <exception cref="ServerConfigurationException">A configured experiment is invalid (the message names its key), or two would run at once.</exception>
    public static async Task<ExperimentRegistry> LoadAsync(IArtifactStore store, IReadOnlyDictionary<string, ExperimentSettings> configured, ModelOptions model,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var saved = await ReadSavedAsync(store, cancellationToken);
        var all = saved.ToList();
        foreach (var (id, settings) in configured.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            settings.Id = id;
            var (experiment, problems) = ExperimentRules.Check(settings, model, defaultSalt: id, now);
            if (problems.Count > 0)
                throw new ServerConfigurationException($"{ExperimentRules.SettingsKey(id, problems[0].Field)}: {problems[0].Problem}");
            if (all.All(e => e.Id != id)) all.Add(experiment!);
        }
        if (all.Count(e => e.Running) > 1)
            throw new ServerConfigurationException(
                $"Experiments {string.Join(", ", all.Where(e => e.Running).Select(e => e.Id))} would run at once; only one may run (stop one, or remove it from {StrataServerOptions.Section}:Experiments).");
        var registry = new ExperimentRegistry(store, [.. all]);
        if (all.Count != saved.Length) await registry.SaveAsync(registry._all, cancellationToken);
        return registry;
    }

    /// <summary>Rereads the saved experiments: another silo of the cluster changed them.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            _all = await ReadSavedAsync(_store, cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    private static async Task<Experiment[]> ReadSavedAsync(IArtifactStore store, CancellationToken cancellationToken) =>
        await store.LoadArtifactAsync(ArtifactName, cancellationToken: cancellationToken) is { } artifact
            ? JsonSerializer.Deserialize<Experiment[]>(artifact.Data, Json) ?? []
            : [];

    public IReadOnlyList<Experiment> All => _all;

    public bool Any => _all.Length > 0;

    public Experiment? Find(string id) => _all.FirstOrDefault(e => e.Id == id);

    /// <summary>The running experiment, if any.</summary>
    public Experiment? Running => _all.FirstOrDefault(e => e.Running);

    /// <summary>The experiment stopped last (its winner serves while none runs).</summary>
    public Experiment? LastStopped => _all.Where(e => !e.Running).MaxBy(e => e.Stopped);

    /// <summary>Adds and starts an experiment.</summary>
    /// <exception cref="ExperimentConflictException">The id is taken, or another experiment runs.</exception>
    public async Task AddAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (Find(experiment.Id) is not null) throw new ExperimentConflictException($"An experiment with id '{experiment.Id}' exists; choose another id.");
            if (Running is { } running) throw new ExperimentConflictException($"Experiment '{running.Id}' is running; stop it first (POST /experiments/{running.Id}/stop).");
            Experiment[] next = [.. _all, experiment];
            await SaveAsync(next, cancellationToken);
            _all = next;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Stops an experiment; from then on everyone is served by <paramref name="winner"/>.</summary>
    /// <exception cref="ExperimentConflictException">It has already stopped.</exception>
    public async Task<Experiment> StopAsync(Experiment experiment, string winner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (Find(experiment.Id) is not { Running: true } current) throw new ExperimentConflictException($"Experiment '{experiment.Id}' has already stopped.");
            var stopped = current with { Running = false, Winner = winner, Stopped = now };
            var next = _all.Select(e => e.Id == current.Id ? stopped : e).ToArray();
            await SaveAsync(next, cancellationToken);
            _all = next;
            return stopped;
        }
        finally
        {
            _changes.Release();
        }
    }

    private Task SaveAsync(Experiment[] experiments, CancellationToken cancellationToken) =>
        _store.SaveArtifactAsync(ArtifactName, JsonSerializer.SerializeToUtf8Bytes(experiments, Json), cancellationToken);
}

/// <summary>A change that contradicts the experiments' state (answered 409).</summary>
internal sealed class ExperimentConflictException(string message) : Exception(message);
