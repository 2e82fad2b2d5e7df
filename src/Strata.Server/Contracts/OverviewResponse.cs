namespace Strata.Server.Contracts;

/// <summary>
/// The server at a glance (<c>GET /overview</c>): catalogue and log sizes, the rate events commit at, the serving model
/// and the refit under way or last failed. Counts only, nobody's data.
/// </summary>
public sealed record OverviewResponse(CatalogueOverviewDto Catalogue, EventsOverviewDto Events, ModelOverviewDto? Model, RefitStatusDto Refit);

/// <summary>Items in the store (stubs created by events included), how many are hidden, and users.</summary>
public sealed record CatalogueOverviewDto(long Items, long HiddenItems, long Users);

/// <summary>
/// Events in the log (by type, and the span of their timestamps), and the events this server committed: since it started,
/// per UTC minute over the last <c>minutes.Count</c> minutes from <c>minutesStart</c> (oldest first; the last is the minute
/// under way), and <c>perMinute</c>, their mean over the last five of those minutes.
/// </summary>
public sealed record EventsOverviewDto(long Total, IReadOnlyDictionary<string, long> ByType, DateTimeOffset? First, DateTimeOffset? Last,
    long CommittedSinceStart, double PerMinute, DateTimeOffset MinutesStart, IReadOnlyList<long> Minutes);

/// <summary>
/// The serving model: its version and kind, when it was fitted (or read from the saved file) and how long that took, the log
/// sequence it was fitted through, and the size of what it serves.
/// </summary>
public sealed record ModelOverviewDto(long Version, string Kind, DateTimeOffset? FittedAt, double? FitSeconds, bool FromSavedModel,
    long FittedThrough, long LogAt, int Items, int Users, int MacroNodes, int MesoNodes);

/// <summary>
/// <c>state</c>: waiting (no model yet), refitting, idle or failed (the last refit threw; the previous model keeps serving).
/// <c>intervalSeconds</c> is null when refits run only on demand (<c>POST /admin/refit</c>).
/// </summary>
public sealed record RefitStatusDto(string State, DateTimeOffset? StartedAt, DateTimeOffset? LastFinishedAt, string? LastError,
    DateTimeOffset? LastErrorAt, double? IntervalSeconds);
