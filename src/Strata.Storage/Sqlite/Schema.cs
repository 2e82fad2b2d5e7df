using Microsoft.Data.Sqlite;

namespace Strata.Storage.Sqlite;

/// <summary>
/// The store's tables, versioned with <c>PRAGMA user_version</c>. Opening a store applies every migration above the
/// file's version in one transaction; a file from a newer Strata is refused rather than misread.
/// </summary>
/// <remarks>
/// Events hold integer references to <c>users.id</c>/<c>items.id</c> (rowids, so joins and indexes stay small) and the
/// time as unix <b>milliseconds</b> (UTC). <c>seq</c> is AUTOINCREMENT so a sequence number is never reused, even after
/// an erase: readers that remember "read since N" never miss or repeat an event. Foreign keys are documented, not
/// enforced: the store's own writers keep them, and enforcement would cost a lookup per imported event.
/// </remarks>
internal static class Schema
{
    /// <summary>Migrations[i] takes a file from version i to i + 1.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE items (
            id              INTEGER PRIMARY KEY,
            external_id     TEXT NOT NULL UNIQUE,
            title           TEXT NOT NULL,
            categories      TEXT NOT NULL,     -- JSON array, broadest first
            categories_flat INTEGER NOT NULL,  -- 1 when categories are a set of labels, not a path
            tags            TEXT NOT NULL,     -- JSON array
            text_fields     TEXT NOT NULL,     -- JSON object: field name -> text
            attributes      TEXT NOT NULL      -- JSON object: name -> value
        );
        CREATE TABLE users (
            id          INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            attributes  TEXT NOT NULL          -- JSON object
        );
        CREATE TABLE events (
            seq             INTEGER PRIMARY KEY AUTOINCREMENT,
            user_ref        INTEGER NOT NULL,  -- users.id
            item_ref        INTEGER,           -- items.id; NULL for searches
            type            INTEGER NOT NULL,  -- Strata.Core.Domain.EventType
            value           REAL,
            time_ms         INTEGER NOT NULL,  -- unix milliseconds, UTC
            text            TEXT,
            idempotency_key TEXT
        );
        CREATE INDEX events_by_user_time ON events (user_ref, time_ms);
        CREATE INDEX events_by_item ON events (item_ref);
        CREATE UNIQUE INDEX events_by_idempotency_key ON events (idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE artifacts (
            name     TEXT NOT NULL,
            version  INTEGER NOT NULL,
            saved_ms INTEGER NOT NULL,         -- unix milliseconds, UTC
            data     BLOB NOT NULL,
            PRIMARY KEY (name, version)
        );
        """,
        """
        -- Written and emptied by SqliteStore.ProbeWritableAsync: a commit that needs new pages, to learn whether writes work again.
        CREATE TABLE write_probe (
            id     INTEGER PRIMARY KEY,
            filler BLOB NOT NULL
        );
        """,
        """
        -- Hidden items keep their events but are never recommended; an upsert leaves the flag as it is.
        ALTER TABLE items ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
        -- Items a user asked never to be shown again.
        CREATE TABLE user_hidden_items (
            user_ref INTEGER NOT NULL,         -- users.id
            item_ref INTEGER NOT NULL,         -- items.id
            PRIMARY KEY (user_ref, item_ref)
        ) WITHOUT ROWID;
        CREATE INDEX user_hidden_items_by_item ON user_hidden_items (item_ref);
        """,
        """
        -- Online experiments: what each variant showed whom (user_ref/item_ref as in events, so an erase and pseudonyms reach it).
        CREATE TABLE impressions (
            id         INTEGER PRIMARY KEY,
            experiment TEXT NOT NULL,
            variant    TEXT NOT NULL,
            user_ref   INTEGER NOT NULL,   -- users.id
            item_ref   INTEGER NOT NULL,   -- items.id
            position   INTEGER NOT NULL,   -- 1-based rank in the served list
            time_ms    INTEGER NOT NULL,   -- unix milliseconds, UTC
            clicked    INTEGER NOT NULL DEFAULT 0,
            converted  INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX impressions_by_user_item ON impressions (user_ref, item_ref);
        CREATE INDEX impressions_by_experiment ON impressions (experiment, variant);
        """,
    ];

    /// <summary>
    /// The read indexes of the event log (by user in time order, by item), exactly as the latest migration leaves them.
    /// A bulk import into an empty log drops them and builds them once at the end, inside its transaction: one sort
    /// is several times cheaper than a million random B-tree inserts. The idempotency index is never dropped, because
    /// the import relies on it to drop re-sent events.
    /// </summary>
    public const string DropReadIndexes = "DROP INDEX events_by_user_time; DROP INDEX events_by_item;";

    /// <inheritdoc cref="DropReadIndexes"/>
    public const string CreateReadIndexes =
        "CREATE INDEX events_by_user_time ON events (user_ref, time_ms); CREATE INDEX events_by_item ON events (item_ref);";

    /// <summary>The version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"));
        if (version > CurrentVersion)
            throw new InvalidDataException($"{path}: store schema version {version} is newer than this Strata supports ({CurrentVersion}).");
        for (; version < CurrentVersion; version++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Migrations[version] + $"\nPRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
