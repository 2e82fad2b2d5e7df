using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Strata.Core.Domain;

namespace Strata.Storage.Postgres;

/// <summary>
/// The server store: catalogue, event log and artifacts in a PostgreSQL database, with the same behaviour as the
/// SQLite store, so several processes (silos, importers, CLIs) can share one log.
/// </summary>
/// <remarks>
/// <para>Durability: every write is one transaction, committed before the call returns (with the server's default
/// <c>synchronous_commit = on</c> the commit record is flushed to disk first). Appends take batches (group commit).</para>
/// <para>Concurrency: any number of stores, in any number of processes, may write at once. Idempotency keys are a
/// unique partial index, so two concurrent appends of one key store it once (the second waits for the first to commit,
/// then counts its event as a duplicate). Erasing a user takes an exclusive advisory lock that appends and imports
/// hold shared, so an append never adds events for a user row being deleted. Deadlocks between concurrent appends
/// (two batches creating the same new users in different orders) are retried. Each read is one statement: one
/// consistent snapshot, never blocked by writers.</para>
/// <para>Bulk import streams events with binary <c>COPY</c> into a temporary table and then moves them into the log
/// with one <c>INSERT … ON CONFLICT DO NOTHING</c>, so re-sent keys are still dropped and counted; all of it is one
/// transaction.</para>
/// <para>Erasure deletes the user row and events, commits, then runs <c>VACUUM (INDEX_CLEANUP ON)</c> on both tables
/// so the dead rows and their index entries are removed at once rather than at the next autovacuum. What PostgreSQL
/// still holds afterwards is described in the README ("PostgreSQL store").</para>
/// <para>Times are stored as unix milliseconds (UTC); strings with U+0000 are escaped (<see cref="TextColumns"/>).</para>
/// </remarks>
public sealed class PostgresStore : IStore
{
    /// <summary>Advisory lock (per database): erasure holds it exclusively, appends and imports shared.</summary>
    private const long ErasureLock = 0x5354_5241_5441_0002;

    private const int ProgressEvery = 8192;
    private const int ChunkSize = 4096;
    private const int MaxAttempts = 5;

    private const string ItemColumns = "SELECT external_id, title, categories, categories_flat, tags, text_fields, attributes FROM items";
    private const string EventColumns =
        """
        SELECT e.seq, e.user_ref, u.external_id, e.item_ref, i.external_id, e.type, e.time_ms, e.value, e.text, e.idempotency_key
        FROM events e LEFT JOIN users u ON u.id = e.user_ref LEFT JOIN items i ON i.id = e.item_ref
        """;

    /// <summary>The rows of one appended batch, as array parameters, with the column names of the import's staging table.</summary>
    private const string AppendedRows =
        "unnest($1::text[], $2::text[], $3::smallint[], $4::double precision[], $5::bigint[], $6::text[], $7::text[]) " +
        "WITH ORDINALITY AS b(user_id, item_id, type, value, time_ms, text, key, n)";

    private const string StagingTable = "import_events";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    /// <summary>
    /// Opens the store in the database named by <paramref name="connectionString"/> (an Npgsql connection string,
    /// e.g. <c>Host=127.0.0.1;Port=5432;Username=strata;Password=…;Database=strata</c>), creating its tables when
    /// missing. The database itself must exist. Connections are pooled (Npgsql's defaults; set <c>Maximum Pool Size</c>
    /// in the connection string to change them).
    /// </summary>
    /// <exception cref="InvalidDataException">The database was written by a newer schema version.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached, or refuses the login or the database.</exception>
    public static PostgresStore Open(string connectionString, TimeProvider? time = null)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            Schema.Migrate(dataSource);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
        return new PostgresStore(dataSource, time ?? TimeProvider.System);
    }

    /// <summary>The schema version this build creates and reads.</summary>
    public static int SchemaVersion => Schema.CurrentVersion;

    // ---- catalogue -------------------------------------------------------------------------------------------

    public Task UpsertItemsAsync(IEnumerable<Item> items, CancellationToken cancellationToken = default)
    {
        var all = items.ToList();
        foreach (var item in all) ArgumentException.ThrowIfNullOrEmpty(item.Id, nameof(items));
        return WriteAsync(async (connection, transaction, token) =>
        {
            foreach (var chunk in all.Chunk(ChunkSize)) await UpsertItemsAsync(connection, transaction, chunk, token).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public Task UpsertUsersAsync(IEnumerable<User> users, CancellationToken cancellationToken = default)
    {
        var all = users.ToList();
        foreach (var user in all) ArgumentException.ThrowIfNullOrEmpty(user.Id, nameof(users));
        return WriteAsync(async (connection, transaction, token) =>
        {
            foreach (var chunk in all.Chunk(ChunkSize)) await UpsertUsersAsync(connection, transaction, chunk, token).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public async Task<Item?> GetItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        await QueryAsync(ItemColumns + " WHERE external_id = $1", [TextParameter(itemId)], ReadItem, cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public async Task<User?> GetUserAsync(string userId, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT external_id, attributes FROM users WHERE external_id = $1", [TextParameter(userId)],
                r => new User(TextColumns.Decode(r.GetString(0)), JsonColumns.ReadMap(Utf8(r, 1))), cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<Item> ReadItemsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(ItemColumns + " ORDER BY id", [], ReadItem, cancellationToken);

    public async Task<CatalogCounts> CountCatalogAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM users)", [],
                r => new CatalogCounts(r.GetInt64(0), r.GetInt64(1)), cancellationToken)
            .FirstAsync(cancellationToken).ConfigureAwait(false);

    // ---- event log -------------------------------------------------------------------------------------------

    public async Task<AppendResult> AppendAsync(IReadOnlyList<Event> batch, CancellationToken cancellationToken = default)
    {
        foreach (var e in batch) EventRules.Validate(e);
        if (batch.Count == 0) return new AppendResult(0, 0, await LastSequenceAsync(cancellationToken).ConfigureAwait(false));
        var rows = new AppendRows(batch);
        return await WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlBatch(connection, transaction);
            command.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock_shared({ErasureLock})"));
            command.BatchCommands.Add(Command(InsertMissingUsers("SELECT * FROM unnest($1::text[]) WITH ORDINALITY"), rows.DistinctUsers()));
            command.BatchCommands.Add(Command(InsertMissingItems("SELECT * FROM unnest($1::text[]) WITH ORDINALITY"), rows.DistinctItems()));
            command.BatchCommands.Add(Command(InsertEvents(AppendedRows), rows.Parameters()));
            command.BatchCommands.Add(new NpgsqlBatchCommand("SELECT COALESCE(max(seq), 0) FROM events"));
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var appended = 0L;
            await reader.NextResultAsync(token).ConfigureAwait(false); // past the lock
            while (await reader.ReadAsync(token).ConfigureAwait(false)) appended += reader.GetInt64(1);
            await reader.NextResultAsync(token).ConfigureAwait(false);
            await reader.ReadAsync(token).ConfigureAwait(false);
            var last = reader.GetInt64(0);
            return new AppendResult((int)appended, batch.Count - (int)appended, last);
        }, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<StoredEvent> ReadSinceAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(EventColumns + " WHERE e.seq > $1 ORDER BY e.seq", [new NpgsqlParameter<long> { TypedValue = afterSequence }], cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadByUserAsync(string userId, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(EventColumns + " WHERE e.user_ref = (SELECT id FROM users WHERE external_id = $1) ORDER BY e.time_ms, e.seq",
            [TextParameter(userId)], cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadByItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(EventColumns + " WHERE e.item_ref = (SELECT id FROM items WHERE external_id = $1) ORDER BY e.seq",
            [TextParameter(itemId)], cancellationToken);

    /// <summary>
    /// Deletes the user row and every event of the user in one transaction, then vacuums both tables (outside the
    /// transaction, as PostgreSQL requires) so the deleted rows and their index entries are reclaimed now.
    /// </summary>
    public async Task<long> DeleteUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var (found, removed) = await WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlBatch(connection, transaction);
            command.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({ErasureLock})"));
            command.BatchCommands.Add(Command(
                """
                WITH gone AS (DELETE FROM users WHERE external_id = $1 RETURNING id),
                     removed AS (DELETE FROM events WHERE user_ref IN (SELECT id FROM gone) RETURNING 1)
                SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM removed)
                """, TextParameter(userId)));
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await reader.NextResultAsync(token).ConfigureAwait(false);
            await reader.ReadAsync(token).ConfigureAwait(false);
            return (reader.GetInt64(0) > 0, reader.GetInt64(1));
        }, cancellationToken).ConfigureAwait(false);
        if (found)
        {
            // Not cancellable: the erase is committed, and the vacuum is part of what an erase promises.
            await using var vacuum = _dataSource.CreateCommand("VACUUM (INDEX_CLEANUP ON) events, users");
            await vacuum.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return removed;
    }

    public async Task<EventCounts> CountEventsAsync(DateTimeOffset? from = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default)
    {
        var byType = new Dictionary<EventType, long>();
        long total = 0, first = long.MaxValue, last = long.MinValue;
        var rows = QueryAsync(
            "SELECT type, count(*), min(time_ms), max(time_ms) FROM events WHERE time_ms >= $1 AND time_ms < $2 GROUP BY type ORDER BY type",
            [new NpgsqlParameter<long> { TypedValue = from?.ToUnixTimeMilliseconds() ?? long.MinValue },
             new NpgsqlParameter<long> { TypedValue = until?.ToUnixTimeMilliseconds() ?? long.MaxValue }],
            r => (Type: (EventType)r.GetInt16(0), Count: r.GetInt64(1), First: r.GetInt64(2), Last: r.GetInt64(3)),
            cancellationToken);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            byType[row.Type] = row.Count;
            total += row.Count;
            first = Math.Min(first, row.First);
            last = Math.Max(last, row.Last);
        }
        return total == 0
            ? new EventCounts(0, byType, null, null)
            : new EventCounts(total, byType, DateTimeOffset.FromUnixTimeMilliseconds(first), DateTimeOffset.FromUnixTimeMilliseconds(last));
    }

    // ---- artifacts -------------------------------------------------------------------------------------------

    public Task<int> SaveArtifactAsync(string name, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var saved = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WriteAsync(async (connection, transaction, token) =>
        {
            // Saves of one name from several stores take turns, so each gets the next version; readers are not blocked.
            await using var command = new NpgsqlBatch(connection, transaction);
            command.BatchCommands.Add(new NpgsqlBatchCommand("LOCK TABLE artifacts IN SHARE ROW EXCLUSIVE MODE"));
            command.BatchCommands.Add(Command(
                "INSERT INTO artifacts (name, version, saved_ms, data) " +
                "SELECT $1, COALESCE(max(version), 0) + 1, $2, $3 FROM artifacts WHERE name = $1 RETURNING version",
                TextParameter(name), new NpgsqlParameter<long> { TypedValue = saved }, new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = data }));
            return (int)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    public async Task<Artifact?> LoadArtifactAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        await QueryAsync(
                "SELECT version, saved_ms, data FROM artifacts WHERE name = $1 AND ($2::integer IS NULL OR version = $2) ORDER BY version DESC LIMIT 1",
                [TextParameter(name), new NpgsqlParameter { Value = version is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer }],
                r => new Artifact(name, r.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetFieldValue<byte[]>(2)),
                cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    // ---- bulk import -----------------------------------------------------------------------------------------

    /// <summary>
    /// Imports items, then users, then events, all in ONE transaction: a reader exception, cancellation or a killed
    /// process leaves the store unchanged (an uncommitted transaction is never seen). Events go by binary COPY into a
    /// temporary table, then into the log in source order, dropping re-sent idempotency keys. Runs on a thread-pool thread.
    /// </summary>
    public Task<ImportResult> ImportAsync(ImportSource source, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => ImportCoreAsync(source, progress, cancellationToken), cancellationToken);

    private async Task<ImportResult> ImportCoreAsync(ImportSource source, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long items = 0, users = 0, events = 0;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            $"SELECT pg_advisory_xact_lock_shared({ErasureLock}); " +
            $"CREATE TEMPORARY TABLE {StagingTable} (n bigint, user_id text COLLATE \"C\", item_id text COLLATE \"C\", type smallint, " +
            "value double precision, time_ms bigint, text text, key text COLLATE \"C\") ON COMMIT DROP",
            cancellationToken).ConfigureAwait(false);

        foreach (var chunk in source.Items.Chunk(ProgressEvery))
        {
            foreach (var item in chunk) ArgumentException.ThrowIfNullOrEmpty(item.Id, nameof(source));
            await UpsertItemsAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
            items += chunk.Length;
            Tick(ImportStage.Items);
        }
        Tick(ImportStage.Items);
        foreach (var chunk in source.Users.Chunk(ProgressEvery))
        {
            foreach (var user in chunk) ArgumentException.ThrowIfNullOrEmpty(user.Id, nameof(source));
            await UpsertUsersAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
            users += chunk.Length;
            Tick(ImportStage.Users);
        }
        Tick(ImportStage.Users);

        // Binary COPY with the synchronous API: the row loop is the hot path, and this runs on a pool thread anyway.
        // Disposing the importer without Complete() (any exception below) cancels the COPY, and the transaction rolls back.
        using (var copy = connection.BeginBinaryImport(
                   $"COPY {StagingTable} (n, user_id, item_id, type, value, time_ms, text, key) FROM STDIN (FORMAT BINARY)"))
        {
            // Parsing runs one chunk ahead on another core while this thread writes.
            foreach (var chunk in ReadAhead.InChunks(source.Events, ProgressEvery, chunksAhead: 4, cancellationToken))
            {
                foreach (var e in chunk)
                {
                    EventRules.Validate(e);
                    copy.StartRow();
                    copy.Write(++events, NpgsqlDbType.Bigint);
                    copy.Write(TextColumns.Encode(e.UserId), NpgsqlDbType.Text);
                    WriteNullable(copy, TextColumns.EncodeNullable(e.ItemId));
                    copy.Write((short)e.Type, NpgsqlDbType.Smallint);
                    if (e.Value is { } value) copy.Write(value, NpgsqlDbType.Double); else copy.WriteNull();
                    copy.Write(e.Timestamp.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                    WriteNullable(copy, TextColumns.EncodeNullable(e.Text));
                    WriteNullable(copy, TextColumns.EncodeNullable(e.IdempotencyKey));
                }
                Tick(ImportStage.Events);
            }
            copy.Complete();
        }
        var staged = events;
        Tick(ImportStage.Events);

        progress?.Report(new ImportProgress(ImportStage.Indexing, items, users, staged));
        await using var move = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InsertMissingUsers($"SELECT user_id, min(n) FROM {StagingTable} GROUP BY user_id")),
                new NpgsqlBatchCommand(InsertMissingItems($"SELECT item_id, min(n) FROM {StagingTable} WHERE item_id IS NOT NULL GROUP BY item_id")),
                new NpgsqlBatchCommand(InsertEvents($"{StagingTable} b")),
            },
        };
        var byType = new Dictionary<EventType, long>();
        events = 0;
        await using (var reader = await move.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byType[(EventType)reader.GetInt16(0)] = reader.GetInt64(1);
                events += reader.GetInt64(1);
            }
        }

        progress?.Report(new ImportProgress(ImportStage.Committing, items, users, events));
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return new ImportResult(items, users, events, staged - events, byType, clock.Elapsed);

        void Tick(ImportStage stage)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ImportProgress(stage, items, users, events));
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, NpgsqlDbType.Text);
    }

    // ---- shared SQL ------------------------------------------------------------------------------------------

    /// <summary>
    /// Creates the users named by <paramref name="ids"/> (a query of (external id, position)) that do not exist yet.
    /// Checking first keeps existing users from using up identity values; ON CONFLICT covers a concurrent insert.
    /// </summary>
    private static string InsertMissingUsers(string ids) =>
        $$"""
        INSERT INTO users (external_id, attributes)
        SELECT s.id, '{}' FROM ({{ids}}) AS s(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM users WHERE users.external_id = s.id)
        ORDER BY s.n
        ON CONFLICT (external_id) DO NOTHING
        """;

    /// <summary>Creates id-only stub items for the ids of <paramref name="ids"/> not in the catalogue, in order of first mention.</summary>
    private static string InsertMissingItems(string ids) =>
        $$"""
        INSERT INTO items (external_id, title, categories, categories_flat, tags, text_fields, attributes)
        SELECT s.id, '', '[]', false, '[]', '{}', '{}' FROM ({{ids}}) AS s(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM items WHERE items.external_id = s.id)
        ORDER BY s.n
        ON CONFLICT (external_id) DO NOTHING
        """;

    /// <summary>
    /// Appends the events of <paramref name="rows"/> (columns user_id, item_id, type, value, time_ms, text, key, n) to
    /// the log in order of n, dropping those whose key is already there (or earlier in the rows); yields the count
    /// appended per type. Users and items must exist (the two statements above run first).
    /// </summary>
    private static string InsertEvents(string rows) =>
        $"""
        WITH appended AS (
            INSERT INTO events (user_ref, item_ref, type, value, time_ms, text, idempotency_key)
            SELECT u.id, i.id, b.type, b.value, b.time_ms, b.text, b.key
            FROM {rows}
            JOIN users u ON u.external_id = b.user_id
            LEFT JOIN items i ON i.external_id = b.item_id
            ORDER BY b.n
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING type)
        SELECT type, count(*) FROM appended GROUP BY type
        """;

    private static async Task UpsertItemsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Item[] items, CancellationToken cancellationToken)
    {
        // One statement may not update a row twice, so an id repeated in the chunk keeps its first place and last values.
        var latest = LastOfEach(items, item => item.Id);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO items (external_id, title, categories, categories_flat, tags, text_fields, attributes)
            SELECT s.id, s.title, s.categories::json, s.flat, s.tags::json, s.text_fields::json, s.attributes::json
            FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::text[])
                WITH ORDINALITY AS s(id, title, categories, flat, tags, text_fields, attributes, n)
            ORDER BY s.n
            ON CONFLICT (external_id) DO UPDATE SET title = excluded.title, categories = excluded.categories,
                categories_flat = excluded.categories_flat, tags = excluded.tags, text_fields = excluded.text_fields,
                attributes = excluded.attributes
            """, connection, transaction)
        {
            Parameters =
            {
                TextArray(latest, item => TextColumns.Encode(item.Id)),
                TextArray(latest, item => TextColumns.Encode(item.Title)),
                TextArray(latest, item => JsonColumns.WriteList(item.Categories)),
                new NpgsqlParameter<bool[]> { TypedValue = latest.Select(item => item.CategoriesAreFlat).ToArray() },
                TextArray(latest, item => JsonColumns.WriteList(item.Tags)),
                TextArray(latest, item => JsonColumns.WriteMap(item.Text)),
                TextArray(latest, item => JsonColumns.WriteMap(item.Attributes)),
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task UpsertUsersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, User[] users, CancellationToken cancellationToken)
    {
        var latest = LastOfEach(users, user => user.Id);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO users (external_id, attributes)
            SELECT s.id, s.attributes::json FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(id, attributes, n)
            ORDER BY s.n
            ON CONFLICT (external_id) DO UPDATE SET attributes = excluded.attributes
            """, connection, transaction)
        {
            Parameters = { TextArray(latest, user => TextColumns.Encode(user.Id)), TextArray(latest, user => JsonColumns.WriteMap(user.Attributes)) },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each key once, at its first position, with the value of its last occurrence (what upserting one by one leaves).</summary>
    private static List<T> LastOfEach<T>(T[] values, Func<T, string> key)
    {
        var position = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        var result = new List<T>(values.Length);
        foreach (var value in values)
        {
            if (position.TryGetValue(key(value), out var at)) result[at] = value;
            else
            {
                position.Add(key(value), result.Count);
                result.Add(value);
            }
        }
        return result;
    }

    private static NpgsqlParameter<string[]> TextArray<T>(List<T> values, Func<T, string> column) =>
        new() { TypedValue = values.Select(column).ToArray() };

    private static NpgsqlParameter<string> TextParameter(string value) => new() { TypedValue = TextColumns.Encode(value) };

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a pooled connection and commits it; any exception rolls it
    /// back. A deadlock or serialization failure (PostgreSQL chose this transaction as the victim, so nothing of it
    /// was written) is retried a few times.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts &&
                                              e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Rolled back on dispose; go again.
            }
        }
    }

    private async Task<long> LastSequenceAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT COALESCE(max(seq), 0) FROM events", [], r => r.GetInt64(0), cancellationToken)
            .FirstAsync(cancellationToken).ConfigureAwait(false);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one read statement on its own pooled connection and maps each row; lazy, so the caller streams.</summary>
    private async IAsyncEnumerable<T> QueryAsync<T>(string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> map,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) yield return map(reader);
    }

    /// <summary>
    /// Reads events in one statement (one snapshot). External ids are read once per distinct user and item and then
    /// shared, so every event of a user carries the same id string.
    /// </summary>
    private async IAsyncEnumerable<StoredEvent> QueryEventsAsync(string sql, NpgsqlParameter[] parameters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var userIds = new Dictionary<long, string>();
        var itemIds = new Dictionary<long, string>();
        await foreach (var e in QueryAsync(sql, parameters, r => new StoredEvent(
                               r.GetInt64(0),
                               new Event(
                                   ExternalId(userIds, r, 1),
                                   r.IsDBNull(3) ? null : ExternalId(itemIds, r, 3),
                                   (EventType)r.GetInt16(5),
                                   DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
                                   r.IsDBNull(7) ? null : r.GetDouble(7),
                                   r.IsDBNull(8) ? null : TextColumns.Decode(r.GetString(8)),
                                   r.IsDBNull(9) ? null : TextColumns.Decode(r.GetString(9)))),
                           cancellationToken).ConfigureAwait(false))
            yield return e;
    }

    /// <summary>The external id of the reference in column <paramref name="column"/>, whose id is in the next column.</summary>
    private static string ExternalId(Dictionary<long, string> cache, NpgsqlDataReader reader, int column)
    {
        var reference = reader.GetInt64(column);
        if (cache.TryGetValue(reference, out var id)) return id;
        if (reader.IsDBNull(column + 1)) throw new InvalidDataException($"an event refers to missing row {reference}");
        id = TextColumns.Decode(reader.GetString(column + 1));
        cache.Add(reference, id);
        return id;
    }

    private static Item ReadItem(NpgsqlDataReader r) => new(
        TextColumns.Decode(r.GetString(0)),
        TextColumns.Decode(r.GetString(1)),
        JsonColumns.ReadList(Utf8(r, 2)),
        JsonColumns.ReadList(Utf8(r, 4)),
        JsonColumns.ReadMap(Utf8(r, 5)),
        JsonColumns.ReadMap(Utf8(r, 6)),
        r.GetBoolean(3));

    /// <summary>A json column's text as UTF-8, for <see cref="JsonColumns"/>.</summary>
    private static byte[] Utf8(NpgsqlDataReader reader, int column) => System.Text.Encoding.UTF8.GetBytes(reader.GetString(column));

    public void Dispose() => _dataSource.Dispose();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>One appended batch as column arrays, strings escaped once.</summary>
    private sealed class AppendRows
    {
        private readonly string[] _users;
        private readonly string?[] _items;
        private readonly short[] _types;
        private readonly double?[] _values;
        private readonly long[] _times;
        private readonly string?[] _texts;
        private readonly string?[] _keys;

        public AppendRows(IReadOnlyList<Event> batch)
        {
            _users = new string[batch.Count];
            _items = new string?[batch.Count];
            _types = new short[batch.Count];
            _values = new double?[batch.Count];
            _times = new long[batch.Count];
            _texts = new string?[batch.Count];
            _keys = new string?[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                _users[i] = TextColumns.Encode(e.UserId);
                _items[i] = TextColumns.EncodeNullable(e.ItemId);
                _types[i] = (short)e.Type;
                _values[i] = e.Value;
                _times[i] = e.Timestamp.ToUnixTimeMilliseconds();
                _texts[i] = TextColumns.EncodeNullable(e.Text);
                _keys[i] = TextColumns.EncodeNullable(e.IdempotencyKey);
            }
        }

        public NpgsqlParameter DistinctUsers() => new NpgsqlParameter<string[]> { TypedValue = _users.Distinct(StringComparer.Ordinal).ToArray() };

        public NpgsqlParameter DistinctItems() =>
            new NpgsqlParameter<string[]> { TypedValue = _items.OfType<string>().Distinct(StringComparer.Ordinal).ToArray() };

        public NpgsqlParameter[] Parameters() =>
        [
            new NpgsqlParameter<string[]> { TypedValue = _users },
            new NpgsqlParameter<string?[]> { TypedValue = _items },
            new NpgsqlParameter<short[]> { TypedValue = _types },
            new NpgsqlParameter<double?[]> { TypedValue = _values },
            new NpgsqlParameter<long[]> { TypedValue = _times },
            new NpgsqlParameter<string?[]> { TypedValue = _texts },
            new NpgsqlParameter<string?[]> { TypedValue = _keys },
        ];
    }
}
