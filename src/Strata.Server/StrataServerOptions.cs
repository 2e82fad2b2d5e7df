namespace Strata.Server;

/// <summary>
/// Settings of the HTTP server, bound from the <c>Strata</c> configuration section
/// (<c>appsettings.json</c>, <c>Strata__X</c> environment variables, command-line flags).
/// </summary>
public sealed class StrataServerOptions
{
    public const string Section = "Strata";

    /// <summary>Environment variable that holds the write API key (the configuration key <c>Strata:ApiKey</c> wins when both are set).</summary>
    public const string ApiKeyEnvironmentVariable = "STRATA_API_KEY";

    /// <summary>Environment variable that holds the key for pseudonymising user ids (<c>Strata:PseudonymKey</c> wins).</summary>
    public const string PseudonymKeyEnvironmentVariable = Strata.Storage.Privacy.Pseudonymizer.KeyEnvironmentVariable;

    /// <summary>SQLite store file.</summary>
    public string Database { get; set; } = "strata.db";

    /// <summary>Key that write and delete requests must send as <c>X-Api-Key</c>. Null: writes are refused at start unless <see cref="AllowAnonymousWrites"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Opens writes to anyone when no <see cref="ApiKey"/> is set (local experiments only).</summary>
    public bool AllowAnonymousWrites { get; set; }

    /// <summary>When true, every read endpoint needs the API key as well.</summary>
    public bool RequireApiKeyForReads { get; set; }

    /// <summary>
    /// Opens the reads that show a person's data (<c>GET /users</c>, a user's recommendations and interests) to anyone
    /// without the API key — for demos on a private machine. Off by default.
    /// </summary>
    public bool AllowAnonymousPersonalReads { get; set; }

    /// <summary>
    /// When true, an event naming an item the catalogue does not hold creates it as an id-only item; otherwise (the
    /// default) such an event is refused with 400 naming <c>events[i].itemId</c>.
    /// </summary>
    public bool CreateUnknownItems { get; set; }

    /// <summary>
    /// After erasing a user, rewrite the store (<c>VACUUM</c>) so no stale copy of their data survives in its files (SQLite
    /// leaves some in page slack). Costs a pass over the store, during which event writes wait; turn off for very large
    /// stores and run <c>strata compact</c> (or <c>POST /admin/compact</c>) on a schedule instead.
    /// </summary>
    public bool CompactAfterErasure { get; set; } = true;

    /// <summary>Largest size the store file may grow to, in bytes (0: no limit); beyond it writes answer 503 <c>store-full</c>.</summary>
    public long MaxStoreBytes { get; set; }

    /// <summary>Largest request body accepted, in bytes; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most events in one <c>POST /events</c> request.</summary>
    public int MaxEventsPerRequest { get; set; } = 10_000;

    /// <summary>Most items in one <c>PUT /items</c> request.</summary>
    public int MaxItemsPerRequest { get; set; } = 5_000;

    /// <summary>Most recommendations one request may ask for.</summary>
    public int MaxRecommendations { get; set; } = 200;

    /// <summary>Secret for the keyed hash (HMAC-SHA256) that replaces user ids at rest. Null: ids are stored as sent.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Most events written in one group commit (one SQLite transaction).</summary>
    public int MaxEventsPerCommit { get; set; } = 20_000;

    /// <summary>How often models are refitted in the background from the event log. Zero: only on request (<c>POST /admin/refit</c>) and at start.</summary>
    public TimeSpan RefitInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Which seen items a user's recommendations leave out (<c>Strata:Recommendations</c>).</summary>
    public SeenItemsOptions Recommendations { get; set; } = new();

    /// <summary>Cross-origin requests (<c>Strata:Cors</c>).</summary>
    public CrossOriginOptions Cors { get; set; } = new();

    /// <summary>Rate limit of the anonymous endpoints that run the encoder (<c>Strata:RateLimit</c>).</summary>
    public EncoderRateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>
/// <c>Strata:Recommendations:ExcludeSeen:&lt;event type&gt;</c>: whether an item the user has an event of that type on is
/// left out of their recommendations (default true for every type; e.g. <c>purchase=false</c> re-recommends consumables).
/// A request's <c>exclude_seen=false</c> lets every seen item back.
/// </summary>
public sealed class SeenItemsOptions
{
    public Dictionary<string, bool> ExcludeSeen { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>Strata:Cors:Origins</c>: origins (e.g. <c>https://shop.example</c>) allowed to call the API from a browser; empty: none.</summary>
public sealed class CrossOriginOptions
{
    public string[] Origins { get; set; } = [];
}

/// <summary>
/// Requests per <see cref="Window"/> that <c>POST /recommendations/text</c> and <c>/session</c> accept from one client
/// (its API key when it sends one, else its address); 0 turns the limit off. Beyond it: 429 with <c>Retry-After</c>.
/// </summary>
public sealed class EncoderRateLimitOptions
{
    public int PermitLimit { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
