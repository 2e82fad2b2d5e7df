using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Strata.Core.Domain;
using Strata.Storage.Privacy;

namespace Strata.Storage.Sqlite;

/// <summary>
/// The embedded store: catalogue, event log and artifacts in one SQLite file in WAL mode.
/// </summary>
/// <remarks>
/// <para>Durability: every write is a transaction committed with <c>synchronous=FULL</c>, so the WAL is fsynced
/// before a call returns: acknowledged data survives power loss, not only a process crash. Appends take batches, so a
/// server gets group commit by batching requests into one <see cref="AppendAsync"/>.</para>
/// <para>Concurrency: one writer connection, serialised in-process by a lock (SQLite allows one writer per file;
/// other processes wait up to <see cref="BusyTimeout"/>). Reads open their own pooled connections and, thanks to WAL,
/// never block or are blocked by the writer; each read sees one consistent snapshot. A bulk import holds the write lock
/// for its whole transaction, so appends queue behind it (in-process on the lock, other processes up to the busy timeout).</para>
/// <para>Times are stored as unix milliseconds (UTC).</para>
/// </remarks>
public sealed class SqliteStore : IStore, IStoreCompaction
{
    /// <summary>How long a write waits for another process holding the write lock before failing with SQLITE_BUSY.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private const int ProgressEvery = 8192;
    private const string EventColumns =
        "SELECT e.seq, e.user_ref, e.item_ref, e.type, e.time_ms, e.value, e.text, e.idempotency_key FROM events e";
    private const string ItemColumns = "SELECT external_id, title, categories, categories_flat, tags, text_fields, attributes FROM items";
    private const string CatalogItemColumns = "SELECT external_id, title, categories, categories_flat, tags, text_fields, attributes, hidden FROM items";

    private readonly string _connectionString;
    private readonly SqliteConnection _writerConnection;
    private readonly StoreWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;

    private SqliteStore(string path, TimeProvider time, long maxSizeBytes)
    {
        Path = path;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        _writerConnection = OpenConnection();
        try
        {
            Execute(_writerConnection,
                """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA secure_delete = ON;
                PRAGMA cache_size = -65536;
                PRAGMA temp_store = MEMORY;
                PRAGMA journal_size_limit = 67108864;
                PRAGMA threads = 2;
                """);
            Schema.Migrate(_writerConnection, path);
            // SQLite counts the limit in pages; a write that would grow the file past it fails with SQLITE_FULL, as a full disk does.
            if (maxSizeBytes > 0) Execute(_writerConnection, $"PRAGMA max_page_count = {Math.Max(1, maxSizeBytes / PageSize(_writerConnection))};");
            _writer = new StoreWriter(_writerConnection);
        }
        catch (Exception e)
        {
            _writerConnection.Dispose();
            SqliteConnection.ClearPool(_writerConnection);
            if (e is SqliteException sqlite && Unavailable(sqlite, $"cannot open the store {path}") is { } unavailable) throw unavailable;
            throw;
        }
    }

    /// <summary>Opens (creating if missing) the store at <paramref name="path"/> and brings its schema up to date.</summary>
    /// <param name="maxSizeBytes">Largest size the file may grow to (0: no limit); writes beyond it fail as on a full disk.</param>
    /// <exception cref="InvalidDataException">The file was written by a newer schema version.</exception>
    /// <exception cref="StoreUnavailableException">The file is not a store, or it or its folder cannot be opened for writing.</exception>
    public static SqliteStore Open(string path, TimeProvider? time = null, long maxSizeBytes = 0)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        try
        {
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(StoreFailure.IoError, $"cannot open the store {full}: cannot create its folder ({e.Message})", e);
        }
        return new SqliteStore(full, time ?? TimeProvider.System, maxSizeBytes);
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The schema version this build creates and reads.</summary>
    public static int SchemaVersion => Schema.CurrentVersion;

    // ---- catalogue -------------------------------------------------------------------------------------------

    public Task UpsertItemsAsync(IEnumerable<Item> items, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => { foreach (var item in items) writer.UpsertItem(item); return 0; }, cancellationToken);

    public Task UpsertUsersAsync(IEnumerable<User> users, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => { foreach (var user in users) writer.UpsertUser(user); return 0; }, cancellationToken);

    public Task<Item?> GetItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query(ItemColumns + " WHERE external_id = ?1", s => s.Bind(1, itemId), ReadItem, cancellationToken).FirstOrDefault());

    public Task<User?> GetUserAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query("SELECT external_id, attributes FROM users WHERE external_id = ?1", s => s.Bind(1, userId),
            s => new User(s.ColumnString(0), JsonColumns.ReadMap(s.ColumnUtf8(1))), cancellationToken).FirstOrDefault());

    public IAsyncEnumerable<Item> ReadItemsAsync(CancellationToken cancellationToken = default) =>
        Query(ItemColumns + " ORDER BY id", _ => { }, ReadItem, cancellationToken).ToAsyncEnumerable();

    public Task<CatalogCounts> CountCatalogAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Query("SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM users)", _ => { },
            s => new CatalogCounts(s.ColumnInt64(0), s.ColumnInt64(1)), cancellationToken).First());

    public Task<IReadOnlyList<CatalogItem>> ReadItemsPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CatalogItem>>(Query(CatalogItemColumns + " WHERE external_id > ?1 ORDER BY external_id LIMIT ?2",
            s => s.Bind(1, afterId ?? "").Bind(2, (long)limit), s => new CatalogItem(ReadItem(s), s.ColumnInt64(7) != 0), cancellationToken).ToList());

    public Task<IReadOnlyList<User>> ReadUsersPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<User>>(Query(
            "SELECT external_id, attributes FROM users WHERE external_id > ?1 ORDER BY external_id LIMIT ?2",
            s => s.Bind(1, afterId ?? "").Bind(2, (long)limit), s => new User(s.ColumnString(0), JsonColumns.ReadMap(s.ColumnUtf8(1))), cancellationToken).ToList());

    public Task<bool> SetItemHiddenAsync(string itemId, bool hidden, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => writer.SetHidden(itemId, hidden), cancellationToken);

    public Task<IReadOnlyList<string>> ReadHiddenItemsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Query("SELECT external_id FROM items WHERE hidden <> 0 ORDER BY id", _ => { }, s => s.ColumnString(0), cancellationToken).ToList());

    public Task HideItemsForUserAsync(string userId, IReadOnlyList<string> itemIds, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => { writer.HideForUser(userId, itemIds); return 0; }, cancellationToken);

    public Task<IReadOnlyList<string>> ReadHiddenItemsForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Query(
            """
            SELECT i.external_id FROM user_hidden_items h JOIN items i ON i.id = h.item_ref
            WHERE h.user_ref = (SELECT id FROM users WHERE external_id = ?1) ORDER BY i.external_id
            """, s => s.Bind(1, userId), s => s.ColumnString(0), cancellationToken).ToList());

    // ---- event log -------------------------------------------------------------------------------------------

    public Task<AppendResult> AppendAsync(IReadOnlyList<Event> batch, CancellationToken cancellationToken = default) =>
        WriteAsync(writer =>
        {
            var appended = 0;
            var now = _time.GetUtcNow();
            for (var i = 0; i < batch.Count; i++)
                if (writer.Append(batch[i], i, now)) appended++;
            return new AppendResult(appended, batch.Count - appended, writer.LastSequence());
        }, cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadSinceAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        QueryEvents(EventColumns + " WHERE e.seq > ?1 ORDER BY e.seq", s => s.Bind(1, afterSequence), cancellationToken).ToAsyncEnumerable();

    public IAsyncEnumerable<StoredEvent> ReadByUserAsync(string userId, CancellationToken cancellationToken = default) =>
        QueryEvents(EventColumns + " WHERE e.user_ref = (SELECT id FROM users WHERE external_id = ?1) ORDER BY e.time_ms, e.seq",
            s => s.Bind(1, userId), cancellationToken).ToAsyncEnumerable();

    public IAsyncEnumerable<StoredEvent> ReadByItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        QueryEvents(EventColumns + " WHERE e.item_ref = (SELECT id FROM items WHERE external_id = ?1) ORDER BY e.seq",
            s => s.Bind(1, itemId), cancellationToken).ToAsyncEnumerable();

    public Task<IReadOnlyList<StoredEvent>> ReadUserEventsPageAsync(string userId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>(QueryEvents(
            EventColumns + " WHERE e.user_ref = (SELECT id FROM users WHERE external_id = ?1) AND e.seq > ?2 ORDER BY e.seq LIMIT ?3",
            s => s.Bind(1, userId).Bind(2, afterSequence).Bind(3, (long)limit), cancellationToken).ToList());

    public Task<IReadOnlyList<StoredEvent>> ReadItemEventsPageAsync(string itemId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>(QueryEvents(
            EventColumns + " WHERE e.item_ref = (SELECT id FROM items WHERE external_id = ?1) AND e.seq > ?2 ORDER BY e.seq LIMIT ?3",
            s => s.Bind(1, itemId).Bind(2, afterSequence).Bind(3, (long)limit), cancellationToken).ToList());

    public Task<bool> DeleteEventAsync(string userId, long sequence, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => writer.DeleteEvent(userId, sequence), cancellationToken);

    public Task<long> DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => writer.DeleteItem(itemId), cancellationToken);

    /// <remarks>
    /// <c>secure_delete</c> zeroes the user's rows and index entries where they are deleted, and a
    /// <c>wal_checkpoint(TRUNCATE)</c> after the commit copies those pages into the database file and empties the WAL,
    /// which still held the rows as they were first written. What this cannot reach are stale copies SQLite left in the
    /// unused space of pages when it moved cells while the rows were being inserted: only <see cref="CompactAsync"/>
    /// (a <c>VACUUM</c>, which rewrites every page) removes those, so erasing hosts call it after an erase.
    /// </remarks>
    public async Task<long> DeleteUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var removed = await WriteAsync(writer => Math.Max(0, writer.DeleteUser(userId)), cancellationToken).ConfigureAwait(false);
        if (removed > 0) await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>
    /// Converts a store of raw user ids to pseudonyms in one transaction — user ids, idempotency keys and event texts as
    /// <paramref name="pseudonyms"/> stores them — and records the key's fingerprint (<see cref="PseudonymMarker"/>); then
    /// empties the WAL so the raw values survive in no file. Returns the users and events rewritten.
    /// </summary>
    /// <exception cref="PseudonymMismatchException">The store is already pseudonymised.</exception>
    public async Task<(long Users, long Events)> PseudonymiseAsync(Pseudonymizer pseudonyms, CancellationToken cancellationToken = default)
    {
        if (!pseudonyms.Enabled) throw new ArgumentException("Pseudonyms are off: give a key.", nameof(pseudonyms));
        if (await PseudonymMarker.RecordedAsync(this, cancellationToken).ConfigureAwait(false) is { } recorded)
            throw new PseudonymMismatchException($"{Path} is already pseudonymised (key fingerprint {recorded}).");
        var counts = await WriteAsync(writer =>
        {
            var rewritten = writer.Pseudonymise(pseudonyms);
            writer.SaveArtifact(PseudonymMarker.ArtifactName, PseudonymMarker.Payload(pseudonyms), _time.GetUtcNow());
            return rewritten;
        }, cancellationToken).ConfigureAwait(false);
        await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return counts;
    }

    /// <summary>
    /// Rewrites the whole file into fresh pages (<c>VACUUM</c>) and truncates the WAL to zero bytes, so no deleted
    /// content survives in any file of the store. Costs a pass over the file (about a second per 100 MB) and holds the
    /// write lock meanwhile; needs free disk space of about the file's size.
    /// </summary>
    /// <exception cref="IOException">Readers kept the WAL busy past <see cref="BusyTimeout"/>.</exception>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Execute(_writerConnection, "VACUUM");
        }
        catch (SqliteException e) when (Unavailable(e, $"{Path}: compaction failed") is { } unavailable)
        {
            throw unavailable;
        }
        finally
        {
            _writeLock.Release();
        }
        await CheckpointAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _writerConnection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = command.ExecuteReader();
            // One row: busy flag, WAL frames, frames checkpointed. Busy means a reader outlasted the busy timeout.
            if (reader.Read() && reader.GetInt64(0) != 0)
                throw new IOException($"{Path}: the WAL could not be truncated; readers kept it busy for {BusyTimeout.TotalSeconds:0} s.");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<EventCounts> CountEventsAsync(DateTimeOffset? from = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default)
    {
        var byType = new Dictionary<EventType, long>();
        long total = 0, first = long.MaxValue, last = long.MinValue;
        var rows = Query("SELECT type, COUNT(*), MIN(time_ms), MAX(time_ms) FROM events WHERE time_ms >= ?1 AND time_ms < ?2 GROUP BY type ORDER BY type",
            s => s.Bind(1, from?.ToUnixTimeMilliseconds() ?? long.MinValue).Bind(2, until?.ToUnixTimeMilliseconds() ?? long.MaxValue),
            s => (Type: (EventType)s.ColumnInt64(0), Count: s.ColumnInt64(1), First: s.ColumnInt64(2), Last: s.ColumnInt64(3)),
            cancellationToken);
        foreach (var row in rows)
        {
            byType[row.Type] = row.Count;
            total += row.Count;
            first = Math.Min(first, row.First);
            last = Math.Max(last, row.Last);
        }
        return Task.FromResult(total == 0
            ? new EventCounts(0, byType, null, null)
            : new EventCounts(total, byType, DateTimeOffset.FromUnixTimeMilliseconds(first), DateTimeOffset.FromUnixTimeMilliseconds(last)));
    }

    // ---- artifacts -------------------------------------------------------------------------------------------

    public Task<int> SaveArtifactAsync(string name, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WriteAsync(writer => writer.SaveArtifact(name, data.Span, _time.GetUtcNow()), cancellationToken);
    }

    public Task<Artifact?> LoadArtifactAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query(
            "SELECT version, saved_ms, data FROM artifacts WHERE name = ?1 AND (?2 IS NULL OR version = ?2) ORDER BY version DESC LIMIT 1",
            s => s.Bind(1, name).Bind(2, version),
            s => new Artifact(name, (int)s.ColumnInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(s.ColumnInt64(1)), s.ColumnBlob(2)),
            cancellationToken).FirstOrDefault());

    // ---- experiment log --------------------------------------------------------------------------------------

    public Task LogImpressionsAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellationToken = default) =>
        impressions.Count == 0 ? Task.CompletedTask : WriteAsync(writer =>
        {
            foreach (var impression in impressions) writer.LogImpression(impression);
            return 0;
        }, cancellationToken);

    public Task<int> AttributeAsync(IReadOnlyList<Attribution> outcomes, CancellationToken cancellationToken = default) =>
        outcomes.Count == 0 ? Task.FromResult(0) : WriteAsync(writer =>
        {
            var credited = 0;
            foreach (var outcome in outcomes) credited += writer.Attribute(outcome);
            return credited;
        }, cancellationToken);

    public Task<IReadOnlyList<VariantTally>> TallyAsync(string experimentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<VariantTally>>(Query(
            """
            SELECT variant, COUNT(DISTINCT user_ref), COUNT(*), SUM(clicked), COUNT(DISTINCT CASE WHEN converted = 1 THEN user_ref END)
            FROM impressions WHERE experiment = ?1 GROUP BY variant ORDER BY variant
            """,
            s => s.Bind(1, experimentId),
            s => new VariantTally(s.ColumnString(0), s.ColumnInt64(1), s.ColumnInt64(2), s.ColumnInt64(3), s.ColumnInt64(4)),
            cancellationToken).ToList());

    public IAsyncEnumerable<LoggedImpression> ReadImpressionsAsync(string userId, CancellationToken cancellationToken = default) =>
        Query(
            """
            SELECT i.experiment, i.variant, u.external_id, t.external_id, i.position, i.time_ms, i.clicked, i.converted
            FROM impressions i JOIN users u ON u.id = i.user_ref JOIN items t ON t.id = i.item_ref
            WHERE u.external_id = ?1 ORDER BY i.id
            """,
            s => s.Bind(1, userId),
            s => new LoggedImpression(new Impression(s.ColumnString(0), s.ColumnString(1), s.ColumnString(2), s.ColumnString(3), (int)s.ColumnInt64(4),
                DateTimeOffset.FromUnixTimeMilliseconds(s.ColumnInt64(5))), s.ColumnInt64(6) != 0, s.ColumnInt64(7) != 0),
            cancellationToken).ToAsyncEnumerable();

    // ---- bulk import -----------------------------------------------------------------------------------------

    /// <summary>
    /// Imports items, then users, then events, all in ONE transaction with the same prepared statements as
    /// <see cref="AppendAsync"/>: a reader exception, cancellation or a killed process leaves the store unchanged
    /// (SQLite ignores an uncommitted WAL tail on recovery). Runs on a thread-pool thread.
    /// </summary>
    public Task<ImportResult> ImportAsync(ImportSource source, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            var result = await WriteAsync(writer => Import(writer, source, _time.GetUtcNow(), progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            return result with { Elapsed = clock.Elapsed };
        }, cancellationToken);

    private static ImportResult Import(StoreWriter writer, ImportSource source, DateTimeOffset now, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        long items = 0, users = 0, events = 0, duplicates = 0;
        var byType = new long[EventTypes.All.Count];

        foreach (var item in source.Items)
        {
            writer.UpsertItem(item);
            if (++items % ProgressEvery == 0) Tick(ImportStage.Items);
        }
        Tick(ImportStage.Items);
        foreach (var user in source.Users)
        {
            writer.UpsertUser(user);
            if (++users % ProgressEvery == 0) Tick(ImportStage.Users);
        }
        Tick(ImportStage.Users);
        var buildIndexesAtEnd = writer.LastSequence() == 0;
        var index = 0;
        if (buildIndexesAtEnd) writer.ExecuteSchema(Schema.DropReadIndexes);
        // Parsing runs one chunk ahead on another core while this thread writes.
        foreach (var chunk in ReadAhead.InChunks(source.Events, ProgressEvery, chunksAhead: 4, cancellationToken))
        {
            foreach (var e in chunk)
            {
                if (writer.Append(e, index++, now)) { events++; byType[(int)e.Type]++; }
                else duplicates++;
            }
            Tick(ImportStage.Events);
        }
        Tick(ImportStage.Events);
        if (buildIndexesAtEnd)
        {
            progress?.Report(new ImportProgress(ImportStage.Indexing, items, users, events));
            writer.ExecuteSchema(Schema.CreateReadIndexes);
        }
        progress?.Report(new ImportProgress(ImportStage.Committing, items, users, events));

        var counts = new Dictionary<EventType, long>();
        for (var t = 0; t < byType.Length; t++)
            if (byType[t] > 0) counts[(EventType)t] = byType[t];
        return new ImportResult(items, users, events, duplicates, counts, TimeSpan.Zero);

        void Tick(ImportStage stage)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ImportProgress(stage, items, users, events));
        }
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    /// <summary>
    /// Runs <paramref name="work"/> in one committed transaction under the write lock; any exception rolls it back.
    /// Failures of the environment (disk full, read-only file, I/O error, another process holding the lock) surface as
    /// <see cref="StoreUnavailableException"/>.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<StoreWriter, T> work, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        using var activity = StoreTelemetry.Operation("sqlite", operation);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _writer.Begin();
            var result = work(_writer);
            _writer.FlushEvents();
            transaction.Commit();
            return result;
        }
        catch (SqliteException e) when (Unavailable(e, $"{Path}: the write was not committed") is { } unavailable)
        {
            throw unavailable;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Commits a write that needs fresh pages and then removes it: succeeds only when writes work (space on disk and under
    /// the size limit, a writable file). Hosts call it to learn when a failed store has recovered.
    /// </summary>
    /// <exception cref="StoreUnavailableException">Writes still fail.</exception>
    public async Task ProbeWritableAsync(CancellationToken cancellationToken = default)
    {
        await WriteAsync(writer => { writer.ExecuteSchema("INSERT INTO write_probe (filler) VALUES (zeroblob(16384))"); return 0; }, cancellationToken).ConfigureAwait(false);
        await WriteAsync(writer => { writer.ExecuteSchema("DELETE FROM write_probe"); return 0; }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store-level failure an SQLite error stands for, or null when it is not about the environment.</summary>
    private static StoreUnavailableException? Unavailable(SqliteException e, string context) => (e.SqliteErrorCode & 0xff) switch
    {
        13 => new(StoreFailure.Full, $"{context}: the disk or the store's size limit is full ({e.Message})", e),          // SQLITE_FULL
        8 => new(StoreFailure.ReadOnly, $"{context}: the store is read-only ({e.Message})", e),                             // SQLITE_READONLY
        5 or 6 => new(StoreFailure.Busy, $"{context}: another process holds the store's write lock ({e.Message})", e),      // SQLITE_BUSY, SQLITE_LOCKED
        10 or 14 => new(StoreFailure.IoError, $"{context}: {e.Message}", e),                                               // SQLITE_IOERR, SQLITE_CANTOPEN
        11 or 26 => new(StoreFailure.Corrupt, $"{context}: the file is damaged or not a Strata store ({e.Message})", e),    // SQLITE_CORRUPT, SQLITE_NOTADB
        _ => null,
    };

    private static long PageSize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>Runs a read on its own pooled connection and maps each row; lazy, so the caller streams.</summary>
    private IEnumerable<T> Query<T>(string sql, Action<RawStatement> bind, Func<RawStatement, T> map, CancellationToken cancellationToken,
        [CallerMemberName] string operation = "")
    {
        using var activity = StoreTelemetry.Operation("sqlite", operation);
        using var connection = OpenConnection();
        using var statement = new RawStatement(connection, sql);
        bind(statement);
        while (statement.Step())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return map(statement);
        }
    }

    /// <summary>
    /// Reads events in one snapshot, resolving user and item references to external ids once per distinct row (a read
    /// of a million events touches a few thousand ids), so every event of a user shares one id string.
    /// </summary>
    private IEnumerable<StoredEvent> QueryEvents(string sql, Action<RawStatement> bind, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        using var activity = StoreTelemetry.Operation("sqlite", operation);
        using var connection = OpenConnection();
        using var snapshot = connection.BeginTransaction(deferred: true);
        using var statement = new RawStatement(connection, sql);
        using var findUser = new RawStatement(connection, "SELECT external_id FROM users WHERE id = ?1");
        using var findItem = new RawStatement(connection, "SELECT external_id FROM items WHERE id = ?1");
        var userIds = new Dictionary<long, string>();
        var itemIds = new Dictionary<long, string>();
        bind(statement);
        while (statement.Step())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredEvent(
                statement.ColumnInt64(0),
                new Event(
                    ExternalId(userIds, findUser, statement.ColumnInt64(1)),
                    statement.IsNull(2) ? null : ExternalId(itemIds, findItem, statement.ColumnInt64(2)),
                    (EventType)statement.ColumnInt64(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(statement.ColumnInt64(4)),
                    statement.ColumnNullableDouble(5),
                    statement.ColumnNullableString(6),
                    statement.ColumnNullableString(7)));
        }
    }

    private static string ExternalId(Dictionary<long, string> cache, RawStatement find, long rowId)
    {
        if (cache.TryGetValue(rowId, out var id)) return id;
        try
        {
            id = find.Bind(1, rowId).Step() ? find.ColumnString(0) : throw new InvalidDataException($"an event refers to missing row {rowId}");
        }
        finally
        {
            find.Reset();
        }
        cache.Add(rowId, id);
        return id;
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Raw statements bypass the ADO.NET retry loop, so let SQLite itself wait for a busy writer.
        raw.sqlite3_busy_timeout(connection.Handle, (int)BusyTimeout.TotalMilliseconds);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Item ReadItem(RawStatement s) => new(
        s.ColumnString(0),
        s.ColumnString(1),
        JsonColumns.ReadList(s.ColumnUtf8(2)),
        JsonColumns.ReadList(s.ColumnUtf8(4)),
        JsonColumns.ReadMap(s.ColumnUtf8(5)),
        JsonColumns.ReadMap(s.ColumnUtf8(6)),
        s.ColumnInt64(3) != 0);

    public void Dispose()
    {
        _writer.Dispose();
        _writerConnection.Dispose();
        // Pooled reader connections would keep the file (and its WAL) open after the store is closed.
        SqliteConnection.ClearPool(_writerConnection);
        _writeLock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
