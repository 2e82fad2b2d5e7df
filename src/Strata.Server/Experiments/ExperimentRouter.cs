using Strata.Core.Domain;
using Strata.Engine;
using Strata.Server.Contracts;
using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Experiments;

/// <summary>
/// Puts experiments into serving: which model answers a user (the running experiment's variant, else the last stopped
/// experiment's winner, else the main model), the impressions of every list a variant served, and the clicks and
/// purchases that follow, credited to the showing that caused them (<see cref="IExperimentLog.AttributeAsync"/>).
/// </summary>
internal sealed class ExperimentRouter(ExperimentRegistry registry, IExperimentLog log, TimeProvider time, ILogger<ExperimentRouter> logger)
{
    /// <summary>The model for this user and, while an experiment runs, the experiment and variant that chose it.</summary>
    public ExperimentRoute RouteFor(ServingState state, string storedUserId)
    {
        if (registry.Running is { } running)
        {
            var variant = running.Assign(storedUserId);
            return new ExperimentRoute(state.ModelFor(variant.Model), running, variant);
        }
        if (registry.LastStopped is { Winner: { } winner } stopped) return new ExperimentRoute(state.ModelFor(stopped.Find(winner).Model), null, null);
        return new ExperimentRoute(null, null, null);
    }

    /// <summary>Logs each item of a list a variant served as an impression at its 1-based position (nothing outside experiments).</summary>
    public async Task LogImpressionsAsync(ExperimentRoute route, string storedUserId, RecommendationsResponse response, CancellationToken cancellationToken)
    {
        if (route.Experiment is not { } experiment || route.Variant is not { } variant || response.Items.Count == 0) return;
        var now = time.GetUtcNow();
        var impressions = response.Items.Select((item, i) => new Impression(experiment.Id, variant.Name, storedUserId, item.ItemId, i + 1, now)).ToArray();
        try
        {
            await log.LogImpressionsAsync(impressions, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            // The list is still worth serving; the experiment loses this showing (the store's health reports the failure).
            logger.LogWarning("Impressions of experiment {Experiment} not logged: {Reason}", experiment.Id, e.Message);
        }
    }

    /// <summary>
    /// Credits committed clicks (to CTR) and purchases (to conversion) to the impressions they follow. Runs after the
    /// events are durable and must not fail their commit: a failure is logged and the outcome goes uncredited.
    /// </summary>
    public async Task CreditAsync(IReadOnlyList<StoredEvent> committed)
    {
        if (!registry.Any) return;
        var outcomes = new List<Attribution>();
        foreach (var stored in committed)
        {
            var e = stored.Event;
            if (e.ItemId is null) continue;
            if (e.Type == EventType.Click) outcomes.Add(new Attribution(e.UserId, e.ItemId, ExperimentOutcome.Click, e.Timestamp));
            else if (e.Type == EventType.Purchase) outcomes.Add(new Attribution(e.UserId, e.ItemId, ExperimentOutcome.Conversion, e.Timestamp));
        }
        if (outcomes.Count == 0) return;
        try
        {
            await log.AttributeAsync(outcomes, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Count} outcomes were not credited to experiments", outcomes.Count);
        }
    }
}

/// <summary>The model that answers (null: the main one) and the running experiment's variant that chose it, if any.</summary>
internal sealed record ExperimentRoute(ExplainedRecommender? Model, Experiment? Experiment, Variant? Variant);
