using Npgsql;

namespace Strata.Storage.Postgres;

/// <summary>
/// The store's tables, versioned by the one row of <c>schema_version</c>. Opening a store applies every migration
/// above the database's version in one transaction (under an advisory lock, so two processes opening a new database at
/// once do not both create it); a database from a newer Strata is refused rather than misread.
/// </summary>
/// <remarks>
/// The same layout as the SQLite store: events hold integer references to <c>users.id</c>/<c>items.id</c> and the time
/// as unix <b>milliseconds</b> (UTC; <c>to_timestamp(time_ms / 1000.0)</c> reads it); lists and maps are <c>json</c>
/// (not <c>jsonb</c>, which rejects U+0000 and reorders keys). <c>seq</c> is an identity column, so a sequence number
/// is never reused, even after an erase. Ids and keys use the "C" collation: byte order, the fastest comparison and the
/// same in every database. Foreign keys are documented, not enforced: the store's writers keep them (writers of the
/// log take turns, <see cref="AdvisoryLocks.EventLog"/>), and enforcement would cost a lookup per imported event.
/// </remarks>
internal static class Schema
{
    /// <summary>Migrations[i] takes a database from version i to i + 1.</summary>
    private static readonly string[] Migrations =
    [
        $"""
        CREATE TABLE items (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            external_id     text COLLATE "C" NOT NULL UNIQUE,
            title           text NOT NULL,
            categories      json NOT NULL,     -- array, broadest first
            categories_flat boolean NOT NULL,  -- true when categories are a set of labels, not a path
            tags            json NOT NULL,     -- array
            text_fields     json NOT NULL,     -- object: field name -> text
            attributes      json NOT NULL      -- object: name -> value
        );
        CREATE TABLE users (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            external_id text COLLATE "C" NOT NULL UNIQUE,
            attributes  json NOT NULL          -- object
        );
        CREATE TABLE events (
            seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_ref        bigint NOT NULL,   -- users.id
            item_ref        bigint,            -- items.id; NULL for searches
            type            smallint NOT NULL, -- Strata.Core.Domain.EventType
            value           double precision,
            time_ms         bigint NOT NULL,   -- unix milliseconds, UTC
            text            text,
            idempotency_key text COLLATE "C"
        );
        {CreateReadIndexes}
        CREATE UNIQUE INDEX events_by_idempotency_key ON events (idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE artifacts (
            name     text COLLATE "C" NOT NULL,
            version  integer NOT NULL,
            saved_ms bigint NOT NULL,          -- unix milliseconds, UTC
            data     bytea NOT NULL,
            PRIMARY KEY (name, version)
        );
        """,
        """
        -- Hidden items keep their events but are never recommended; an upsert leaves the flag as it is.
        ALTER TABLE items ADD COLUMN hidden boolean NOT NULL DEFAULT false;
        -- Items a user asked never to be shown again.
        CREATE TABLE user_hidden_items (
            user_ref bigint NOT NULL,          -- users.id
            item_ref bigint NOT NULL,          -- items.id
            PRIMARY KEY (user_ref, item_ref)
        );
        CREATE INDEX user_hidden_items_by_item ON user_hidden_items (item_ref);
        """,
        """
        CREATE TABLE impressions (
            id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            experiment text COLLATE "C" NOT NULL,
            variant    text COLLATE "C" NOT NULL,
            user_ref   bigint NOT NULL,    -- users.id
            item_ref   bigint NOT NULL,    -- items.id
            position   integer NOT NULL,   -- 1-based rank in the served list
            time_ms    bigint NOT NULL,    -- unix milliseconds, UTC
            clicked    boolean NOT NULL DEFAULT false,
            converted  boolean NOT NULL DEFAULT false
        );
        CREATE INDEX impressions_by_user_item ON impressions (user_ref, item_ref);
        CREATE INDEX impressions_by_experiment ON impressions (experiment, variant);
        """,
    ];

    /// <summary>
    /// The read indexes of the event log (by user in time order, by item). A bulk import into an empty log drops them
    /// and builds them once at the end, inside its transaction: one sort is several times cheaper than a million B-tree
    /// inserts. The idempotency index is never dropped: the import looks keys up in it.
    /// </summary>
    public const string CreateReadIndexes =
        "CREATE INDEX events_by_user_time ON events (user_ref, time_ms, seq); CREATE INDEX events_by_item ON events (item_ref, seq);";

    /// <inheritdoc cref="CreateReadIndexes"/>
    public const string DropReadIndexes = "DROP INDEX events_by_user_time, events_by_item;";

    /// <summary>The version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <exception cref="InvalidDataException">The database was written by a newer schema version.</exception>
    public static void Migrate(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, AdvisoryLocks.Take(AdvisoryLocks.Migration) + "; CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
        using var read = new NpgsqlCommand("SELECT max(version) FROM schema_version", connection);
        var version = read.ExecuteScalar() is int stored ? stored : 0;
        if (version > CurrentVersion)
            throw new InvalidDataException($"{connection.Database}: store schema version {version} is newer than this Strata supports ({CurrentVersion}).");
        if (version < CurrentVersion)
        {
            for (; version < CurrentVersion; version++) Execute(connection, Migrations[version]);
            Execute(connection, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({CurrentVersion})");
        }
        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
