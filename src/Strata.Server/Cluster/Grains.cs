using Orleans.Concurrency;
using Strata.Server.Contracts;
using Strata.Server.Serving;

namespace Strata.Server.Cluster;

/// <summary>
/// One per user, keyed by the stored (possibly pseudonymous) user id: owns the user's live profile on the silo where it
/// is active, rebuilt there from the log on activation and kept current by applying each committed event exactly once.
/// </summary>
internal interface IUserGrain : IGrainWithStringKey
{
    // Answers are records nobody changes after they are built: Immutable<T> spares the deep copy Orleans makes of every
    // result within a silo (a JSON round trip for these types).
    Task<Immutable<UserRecommendationAnswer>> RecommendAsync(Immutable<UserRecommendationQuery> query);

    Task<Immutable<UserInterestsAnswer>> InterestsAsync(string externalUserId);

    /// <summary>New events of the user are committed: apply those after the watermark (a second notice applies nothing).</summary>
    Task CatchUpAsync();

    /// <summary>Events of the user were removed from the log: rebuild the profile from what it holds now.</summary>
    Task RebuildAsync();

    /// <summary>The user was erased from the log: forget the profile on this silo and deactivate.</summary>
    Task EraseAsync();

    /// <summary>Where the profile lives and how far it has applied the log (operations and tests).</summary>
    Task<UserGrainStatus> StatusAsync();
}

/// <param name="Silo">The silo holding the live profile.</param>
/// <param name="AppliedThrough">Highest log sequence applied to the profile.</param>
/// <param name="AppliedEvents">Events applied to the profile on this silo since it was last rebuilt, rebuild included.</param>
internal sealed record UserGrainStatus(string Silo, long AppliedThrough, long AppliedEvents);

/// <summary>One per silo (<see cref="SiloKeyedPlacement"/>): acts on that silo's serving state.</summary>
internal interface ISiloGrain : IGrainWithStringKey
{
    /// <summary>Forgets an erased user on this silo and drops its saved model file, as a single node does on erasure.</summary>
    Task ForgetUserAsync(string storedUserId);

    /// <summary>Loads a published model version from the shared store and swaps it in.</summary>
    Task<long> LoadModelAsync(int publishedVersion);

    /// <summary>Another silo changed the catalogue (the store holds it): this silo's state shows it too.</summary>
    Task CatalogueChangedAsync(CatalogueChange change);

    /// <summary>Another silo added or stopped an experiment: reread the experiments.</summary>
    Task ExperimentsChangedAsync();

    Task<SiloServingStatus> StatusAsync();
}

/// <param name="ModelVersion">This silo's serving state version (counts per silo).</param>
/// <param name="PublishedModel">The cluster model version this silo loaded last, 0 before any.</param>
internal sealed record SiloServingStatus(string Silo, string Name, long ModelVersion, int PublishedModel, long LogSequence);

/// <summary>One per cluster (key 0): fits, publishes the model to the shared store and has every silo swap it in.</summary>
internal interface IRefitGrain : IGrainWithIntegerKey
{
    Task<RefitOutcome> RefitAndPublishAsync();

    /// <summary>
    /// Refits and publishes unless the last refit began less than 0.9 × <paramref name="interval"/> ago (null then): the
    /// silos' timers are not aligned, and each asks once per interval, so the cluster refits about once per interval.
    /// </summary>
    Task<RefitOutcome?> RefitIfDueAsync(TimeSpan interval);
}

/// <param name="PublishedModel">The artifact version published.</param>
/// <param name="Silos">Silos now serving it.</param>
/// <param name="Failed">Silos that could not load it (they keep their model until the next publication).</param>
internal sealed record RefitOutcome(int PublishedModel, IReadOnlyList<string> Silos, IReadOnlyList<string> Failed);
