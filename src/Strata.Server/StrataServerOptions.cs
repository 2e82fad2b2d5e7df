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
    public const string PseudonymKeyEnvironmentVariable = "STRATA_PSEUDONYM_KEY";

    /// <summary>SQLite store file.</summary>
    public string Database { get; set; } = "strata.db";

    /// <summary>Key that write and delete requests must send as <c>X-Api-Key</c>. Null: writes are refused at start unless <see cref="AllowAnonymousWrites"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Opens writes to anyone when no <see cref="ApiKey"/> is set (local experiments only).</summary>
    public bool AllowAnonymousWrites { get; set; }

    /// <summary>When true, read endpoints need the API key as well.</summary>
    public bool RequireApiKeyForReads { get; set; }

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
}
