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
/// <para>Concurrency: any number of stores, in any number of processes, may use one database. Writers of the event
/// log (appends, imports, erasures) take turns on an advisory lock held until their commit, as SQLite's single writer
/// does: so sequence numbers become visible in increasing order (a reader that has seen N never later finds an event
/// below N: "read since N" never misses one), and an erasure never races an append for the same user. Idempotency
/// keys are also a unique partial index. Catalogue upserts and artifact saves do not wait for the log. Reads are one
/// statement each: one consistent snapshot, never blocked by writers — except while an import into an <i>empty</i>
/// log rebuilds its read indexes (see <see cref="ImportAsync"/>). A deadlock between catalogue writers is retried.</para>
/// <para>Erasure deletes the user row and events, commits, then runs <c>VACUUM (INDEX_CLEANUP ON)</c> on both tables;
/// what PostgreSQL still holds afterwards is described in the README ("PostgreSQL store").</para>
/// <para>Times are stored as unix milliseconds (UTC); strings with U+0000 are escaped (<see cref="TextColumns"/>).</para>
/// </remarks>
public sealed class PostgresStore : IStore, IStoreCompaction
{
    private const int ProgressEvery = 8192;
    private const int ChunkSize = 4096;
    private const int MaxAttempts = 5;

    private const string ItemColumns = "SELECT external_id, title, categories, categories_flat, tags, text_fields, attributes FROM items";
    private const string CatalogItemColumns = "SELECT external_id, title, categories, categories_flat, tags, text_fields, attributes, hidden FROM items";
    private const string EventColumns =
        """
        SELECT e.seq, e.user_ref, u.external_id, e.item_ref, i.external_id, e.type, e.time_ms, e.value, e.text, e.idempotency_key
        FROM events e LEFT JOIN users u ON u.id = e.user_ref LEFT JOIN items i ON i.id = e.item_ref
        """;

    /// <summary>
    /// Appends one batch, given as arrays, in order, dropping events whose key is already logged (or earlier in the
    /// batch); yields the count appended per type. Users and items must exist (created by the statements before it).
    /// </summary>
    private const string InsertEvents =
        """
        WITH appended AS (
            INSERT INTO events (user_ref, item_ref, type, value, time_ms, text, idempotency_key)
            SELECT u.id, i.id, b.type, b.value, b.time_ms, b.text, b.key
            FROM unnest($1::text[], $2::text[], $3::smallint[], $4::double precision[], $5::bigint[], $6::text[], $7::text[])
                WITH ORDINALITY AS b(user_id, item_id, type, value, time_ms, text, key, n)
            JOIN users u ON u.external_id = b.user_id
            LEFT JOIN items i ON i.external_id = b.item_id
            ORDER BY b.n
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING type)
        SELECT type, count(*) FROM appended GROUP BY type
        """;

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
        return WriteAsync(async (connection, transaction, token) =>
        {
            foreach (var chunk in all.Chunk(ChunkSize)) await CatalogWrites.UpsertItemsAsync(connection, transaction, chunk, token).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public Task UpsertUsersAsync(IEnumerable<User> users, CancellationToken cancellationToken = default)
    {
        var all = users.ToList();
        return WriteAsync(async (connection, transaction, token) =>
        {
            foreach (var chunk in all.Chunk(ChunkSize)) await CatalogWrites.UpsertUsersAsync(connection, transaction, chunk, token).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public async Task<Item?> GetItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        await QueryAsync(ItemColumns + " WHERE external_id = $1", [Parameters.Text(itemId)], ReadItem, cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public async Task<User?> GetUserAsync(string userId, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT external_id, attributes FROM users WHERE external_id = $1", [Parameters.Text(userId)],
                r => new User(TextColumns.Decode(r.GetString(0)), JsonColumns.ReadMap(Utf8(r, 1))), cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<Item> ReadItemsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(ItemColumns + " ORDER BY id", [], ReadItem, cancellationToken);

    public async Task<CatalogCounts> CountCatalogAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM users)", [],
                r => new CatalogCounts(r.GetInt64(0), r.GetInt64(1)), cancellationToken)
            .FirstAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<CatalogItem>> ReadItemsPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync(CatalogItemColumns + " WHERE external_id > $1 ORDER BY external_id LIMIT $2",
                [Parameters.Text(afterId ?? ""), Parameters.Int64(limit)], r => new CatalogItem(ReadItem(r), r.GetBoolean(7)), cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<User>> ReadUsersPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT external_id, attributes FROM users WHERE external_id > $1 ORDER BY external_id LIMIT $2",
                [Parameters.Text(afterId ?? ""), Parameters.Int64(limit)],
                r => new User(TextColumns.Decode(r.GetString(0)), JsonColumns.ReadMap(Utf8(r, 1))), cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<bool> SetItemHiddenAsync(string itemId, bool hidden, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("UPDATE items SET hidden = $2 WHERE external_id = $1", connection, transaction)
                { Parameters = { Parameters.Text(itemId), new NpgsqlParameter<bool> { TypedValue = hidden } } };
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> ReadHiddenItemsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT external_id FROM items WHERE hidden ORDER BY id", [], r => TextColumns.Decode(r.GetString(0)), cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <remarks>Takes the event log's lock, so a hide and an erasure of the same user never interleave.</remarks>
    public Task HideItemsForUserAsync(string userId, IReadOnlyList<string> itemIds, CancellationToken cancellationToken = default)
    {
        var items = itemIds.Select(TextColumns.Encode).ToArray();
        return WriteAsync(async (connection, transaction, token) =>
        {
            await using (var missing = new NpgsqlCommand(CatalogWrites.FirstMissingItem, connection, transaction) { Parameters = { Parameters.Texts(items) } })
                if (await missing.ExecuteScalarAsync(token).ConfigureAwait(false) is string unknown)
                    throw new RejectedEventException(Array.IndexOf(items, unknown), "item", RejectedEventException.UnknownItemProblem);
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(AdvisoryLocks.Take(AdvisoryLocks.EventLog)),
                    Parameters.Command(CatalogWrites.InsertMissingUsers, Parameters.Texts([TextColumns.Encode(userId)])),
                    Parameters.Command(
                        """
                        INSERT INTO user_hidden_items (user_ref, item_ref)
                        SELECT u.id, i.id FROM users u, items i WHERE u.external_id = $1 AND i.external_id = ANY($2)
                        ON CONFLICT DO NOTHING
                        """, Parameters.Text(userId), Parameters.Texts(items)),
                },
            };
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ReadHiddenItemsForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        await QueryAsync(
                """
                SELECT i.external_id FROM user_hidden_items h JOIN items i ON i.id = h.item_ref
                WHERE h.user_ref = (SELECT id FROM users WHERE external_id = $1) ORDER BY i.external_id
                """, [Parameters.Text(userId)], r => TextColumns.Decode(r.GetString(0)), cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    // ---- event log -------------------------------------------------------------------------------------------

    /// <summary>Appends a batch in one round trip and one commit, after any other writer of the log has committed.</summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<Event> batch, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        for (var i = 0; i < batch.Count; i++)
            if (EventRules.Check(batch[i], now, EventRules.MaxStoredTextLength) is { } broken) throw new RejectedEventException(i, broken.Field, broken.Problem);
        if (batch.Count == 0) return new AppendResult(0, 0, await LastSequenceAsync(cancellationToken).ConfigureAwait(false));
        var rows = new AppendRows(batch);
        return await WriteAsync(async (connection, transaction, token) =>
        {
            // Events may only name catalogue items: the first one that does not refuses the batch.
            await using (var missing = new NpgsqlCommand(CatalogWrites.FirstMissingItem, connection, transaction)
                   { Parameters = { Parameters.Texts(rows.Items.OfType<string>().Distinct(StringComparer.Ordinal)) } })
                if (await missing.ExecuteScalarAsync(token).ConfigureAwait(false) is string unknown)
                    throw new RejectedEventException(Array.IndexOf(rows.Items, unknown), "item", RejectedEventException.UnknownItemProblem);
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(AdvisoryLocks.Take(AdvisoryLocks.EventLog)),
                    Parameters.Command(CatalogWrites.InsertMissingUsers, Parameters.Texts(rows.Users.Distinct(StringComparer.Ordinal))),
                    Parameters.Command(InsertEvents, rows.Parameters()),
                    new NpgsqlBatchCommand("SELECT COALESCE(max(seq), 0) FROM events"),
                },
            };
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var appended = 0L;
            await reader.NextResultAsync(token).ConfigureAwait(false); // past the lock's row
            while (await reader.ReadAsync(token).ConfigureAwait(false)) appended += reader.GetInt64(1);
            await reader.NextResultAsync(token).ConfigureAwait(false);
            await reader.ReadAsync(token).ConfigureAwait(false);
            return new AppendResult((int)appended, batch.Count - (int)appended, reader.GetInt64(0));
        }, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<StoredEvent> ReadSinceAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(EventColumns + " WHERE e.seq > $1 ORDER BY e.seq", [Parameters.Int64(afterSequence)], cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadByUserAsync(string userId, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(EventColumns + " WHERE e.user_ref = (SELECT id FROM users WHERE external_id = $1) ORDER BY e.time_ms, e.seq",
            [Parameters.Text(userId)], cancellationToken);

    public IAsyncEnumerable<StoredEvent> ReadByItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(EventColumns + " WHERE e.item_ref = (SELECT id FROM items WHERE external_id = $1) ORDER BY e.seq",
            [Parameters.Text(itemId)], cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> ReadUserEventsPageAsync(string userId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        await QueryEventsAsync(EventColumns + " WHERE e.user_ref = (SELECT id FROM users WHERE external_id = $1) AND e.seq > $2 ORDER BY e.seq LIMIT $3",
            [Parameters.Text(userId), Parameters.Int64(afterSequence), Parameters.Int64(limit)], cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<StoredEvent>> ReadItemEventsPageAsync(string itemId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        await QueryEventsAsync(EventColumns + " WHERE e.item_ref = (SELECT id FROM items WHERE external_id = $1) AND e.seq > $2 ORDER BY e.seq LIMIT $3",
            [Parameters.Text(itemId), Parameters.Int64(afterSequence), Parameters.Int64(limit)], cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<bool> DeleteEventAsync(string userId, long sequence, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(AdvisoryLocks.Take(AdvisoryLocks.EventLog)),
                    Parameters.Command("DELETE FROM events WHERE seq = $2 AND user_ref = (SELECT id FROM users WHERE external_id = $1)",
                        Parameters.Text(userId), Parameters.Int64(sequence)),
                },
            };
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return command.BatchCommands[1].RecordsAffected == 1;
        }, cancellationToken);

    public Task<long> DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(AdvisoryLocks.Take(AdvisoryLocks.EventLog)),
                    Parameters.Command(
                        """
                        WITH gone AS (DELETE FROM items WHERE external_id = $1 RETURNING id),
                             hidden AS (DELETE FROM user_hidden_items WHERE item_ref IN (SELECT id FROM gone)),
                             unshown AS (DELETE FROM impressions WHERE item_ref IN (SELECT id FROM gone)),
                             removed AS (DELETE FROM events WHERE item_ref IN (SELECT id FROM gone) RETURNING 1)
                        SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM removed)
                        """, Parameters.Text(itemId)),
                },
            };
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await reader.NextResultAsync(token).ConfigureAwait(false);
            await reader.ReadAsync(token).ConfigureAwait(false);
            return reader.GetInt64(0) > 0 ? reader.GetInt64(1) : -1;
        }, cancellationToken);

    /// <summary>
    /// Deletes the user row, every event and every impression of the user in one transaction, then vacuums the tables (outside the
    /// transaction, as PostgreSQL requires) so the deleted rows and their index entries are reclaimed now.
    /// </summary>
    public async Task<long> DeleteUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var (found, removed) = await WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(AdvisoryLocks.Take(AdvisoryLocks.EventLog)),
                    Parameters.Command(
                        """
                        WITH gone AS (DELETE FROM users WHERE external_id = $1 RETURNING id),
                             hidden AS (DELETE FROM user_hidden_items WHERE user_ref IN (SELECT id FROM gone)),
                             removed AS (DELETE FROM events WHERE user_ref IN (SELECT id FROM gone) RETURNING 1),
                             unshown AS (DELETE FROM impressions WHERE user_ref IN (SELECT id FROM gone))
                        SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM removed)
                        """, Parameters.Text(userId)),
                },
            };
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await reader.NextResultAsync(token).ConfigureAwait(false);
            await reader.ReadAsync(token).ConfigureAwait(false);
            return (reader.GetInt64(0) > 0, reader.GetInt64(1));
        }, cancellationToken).ConfigureAwait(false);
        if (found)
        {
            // Not cancellable: the erase is committed, and the vacuum is part of what an erase promises.
            await CompactAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return removed;
    }

    /// <summary>
    /// <c>VACUUM</c> of the tables that hold people's rows, so an erased user's dead tuples are pruned now rather than left for
    /// autovacuum (unlike SQLite's rewrite, freed space may keep stale bytes until it is reused).
    /// </summary>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await using var vacuum = _dataSource.CreateCommand("VACUUM (INDEX_CLEANUP ON) events, users, user_hidden_items, impressions");
        await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<EventCounts> CountEventsAsync(DateTimeOffset? from = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default)
    {
        var byType = new Dictionary<EventType, long>();
        long total = 0, first = long.MaxValue, last = long.MinValue;
        var rows = QueryAsync(
            "SELECT type, count(*), min(time_ms), max(time_ms) FROM events WHERE time_ms >= $1 AND time_ms < $2 GROUP BY type ORDER BY type",
            [Parameters.Int64(from?.ToUnixTimeMilliseconds() ?? long.MinValue), Parameters.Int64(until?.ToUnixTimeMilliseconds() ?? long.MaxValue)],
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
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(AdvisoryLocks.Take(AdvisoryLocks.Artifacts)),
                    Parameters.Command(
                        "INSERT INTO artifacts (name, version, saved_ms, data) " +
                        "SELECT $1, COALESCE(max(version), 0) + 1, $2, $3 FROM artifacts WHERE name = $1 RETURNING version",
                        Parameters.Text(name), Parameters.Int64(saved), new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = data }),
                },
            };
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await reader.NextResultAsync(token).ConfigureAwait(false);
            await reader.ReadAsync(token).ConfigureAwait(false);
            return reader.GetInt32(0);
        }, cancellationToken);
    }

    public async Task<Artifact?> LoadArtifactAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        await QueryAsync(
                "SELECT version, saved_ms, data FROM artifacts WHERE name = $1 AND ($2::integer IS NULL OR version = $2) ORDER BY version DESC LIMIT 1",
                [Parameters.Text(name), new NpgsqlParameter { Value = version is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer }],
                r => new Artifact(name, r.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetFieldValue<byte[]>(2)),
                cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    // ---- experiment log --------------------------------------------------------------------------------------

    public Task LogImpressionsAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellationToken = default)
    {
        foreach (var impression in impressions) Impressions.Check(impression);
        if (impressions.Count == 0) return Task.CompletedTask;
        return WriteAsync(async (connection, transaction, token) =>
        {
            var items = impressions.Select(i => TextColumns.Encode(i.ItemId)).Distinct(StringComparer.Ordinal).ToArray();
            await using (var missing = new NpgsqlCommand(CatalogWrites.FirstMissingItem, connection, transaction) { Parameters = { Parameters.Texts(items) } })
                if (await missing.ExecuteScalarAsync(token).ConfigureAwait(false) is string unknown)
                    throw new ArgumentException($"Impression of unknown item '{TextColumns.Decode(unknown)}'.", nameof(impressions));
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Parameters.Command(CatalogWrites.InsertMissingUsers, Parameters.Texts(impressions.Select(i => TextColumns.Encode(i.UserId)).Distinct(StringComparer.Ordinal))),
                    Parameters.Command(
                        """
                        INSERT INTO impressions (experiment, variant, user_ref, item_ref, position, time_ms)
                        SELECT b.experiment, b.variant, u.id, i.id, b.position, b.time_ms
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::bigint[]) WITH ORDINALITY
                            AS b(experiment, variant, user_id, item_id, position, time_ms, n)
                        JOIN users u ON u.external_id = b.user_id JOIN items i ON i.external_id = b.item_id
                        ORDER BY b.n
                        """,
                        Parameters.Texts(impressions, i => TextColumns.Encode(i.ExperimentId)), Parameters.Texts(impressions, i => TextColumns.Encode(i.Variant)),
                        Parameters.Texts(impressions, i => TextColumns.Encode(i.UserId)), Parameters.Texts(impressions, i => TextColumns.Encode(i.ItemId)),
                        new NpgsqlParameter<int[]> { TypedValue = impressions.Select(i => i.Position).ToArray() },
                        new NpgsqlParameter<long[]> { TypedValue = impressions.Select(i => i.Time.ToUnixTimeMilliseconds()).ToArray() }),
                },
            };
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public Task<int> AttributeAsync(IReadOnlyList<Attribution> outcomes, CancellationToken cancellationToken = default) =>
        outcomes.Count == 0 ? Task.FromResult(0) : WriteAsync(async (connection, transaction, token) =>
        {
            var credited = 0;
            foreach (var outcome in outcomes)
            {
                var column = Impressions.Column(outcome.Outcome);
                // Per experiment, the latest showing of the item up to the outcome's time; credited once.
                await using var update = new NpgsqlCommand(
                    $"""
                    UPDATE impressions SET {column} = true WHERE NOT {column} AND id IN (
                        SELECT max(id) FROM impressions
                        WHERE user_ref = (SELECT id FROM users WHERE external_id = $1) AND item_ref = (SELECT id FROM items WHERE external_id = $2) AND time_ms <= $3
                        GROUP BY experiment)
                    """, connection, transaction)
                {
                    Parameters = { Parameters.Text(outcome.UserId), Parameters.Text(outcome.ItemId), Parameters.Int64(outcome.Time.ToUnixTimeMilliseconds()) },
                };
                credited += await update.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }
            return credited;
        }, cancellationToken);

    public async Task<IReadOnlyList<VariantTally>> TallyAsync(string experimentId, CancellationToken cancellationToken = default) =>
        await QueryAsync(
                """
                SELECT variant, count(DISTINCT user_ref), count(*), count(*) FILTER (WHERE clicked), count(DISTINCT user_ref) FILTER (WHERE converted)
                FROM impressions WHERE experiment = $1 GROUP BY variant ORDER BY variant
                """,
                [Parameters.Text(experimentId)],
                r => new VariantTally(TextColumns.Decode(r.GetString(0)), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)),
                cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<LoggedImpression> ReadImpressionsAsync(string userId, CancellationToken cancellationToken = default) =>
        QueryAsync(
            """
            SELECT i.experiment, i.variant, u.external_id, t.external_id, i.position, i.time_ms, i.clicked, i.converted
            FROM impressions i JOIN users u ON u.id = i.user_ref JOIN items t ON t.id = i.item_ref
            WHERE u.external_id = $1 ORDER BY i.id
            """,
            [Parameters.Text(userId)],
            r => new LoggedImpression(new Impression(TextColumns.Decode(r.GetString(0)), TextColumns.Decode(r.GetString(1)), TextColumns.Decode(r.GetString(2)),
                TextColumns.Decode(r.GetString(3)), r.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))), r.GetBoolean(6), r.GetBoolean(7)),
            cancellationToken);

    // ---- bulk import -----------------------------------------------------------------------------------------

    /// <summary>
    /// Imports items, then users, then events, all in ONE transaction holding the event-log lock (appends and erasures
    /// wait for it, as behind SQLite's write lock): a reader exception, cancellation or a killed process leaves the
    /// store unchanged. Events go into the log by binary COPY (<see cref="EventCopy"/>). Into an empty log, the two
    /// read indexes are dropped first and built at the end; meanwhile readers of the event log wait (there is nothing
    /// to read yet). Runs on a thread-pool thread.
    /// </summary>
    public Task<ImportResult> ImportAsync(ImportSource source, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => ImportCoreAsync(source, progress, cancellationToken), cancellationToken);

    private async Task<ImportResult> ImportCoreAsync(ImportSource source, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long items = 0, users = 0;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, AdvisoryLocks.Take(AdvisoryLocks.EventLog), cancellationToken).ConfigureAwait(false);
        var events = new EventCopy(connection, transaction, _time.GetUtcNow());

        foreach (var chunk in source.Items.Chunk(ProgressEvery))
        {
            await CatalogWrites.UpsertItemsAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
            items += chunk.Length;
            Tick(ImportStage.Items);
        }
        Tick(ImportStage.Items);
        foreach (var chunk in source.Users.Chunk(ProgressEvery))
        {
            await CatalogWrites.UpsertUsersAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
            users += chunk.Length;
            Tick(ImportStage.Users);
        }
        Tick(ImportStage.Users);

        var buildIndexesAtEnd = await LastSequenceAsync(connection, transaction, cancellationToken).ConfigureAwait(false) == 0;
        if (buildIndexesAtEnd) await ExecuteAsync(connection, transaction, Schema.DropReadIndexes, cancellationToken).ConfigureAwait(false);
        // Parsing runs one chunk ahead on another core while this thread writes.
        foreach (var chunk in ReadAhead.InChunks(source.Events, ProgressEvery, chunksAhead: 4, cancellationToken))
        {
            events.Write(chunk);
            Tick(ImportStage.Events);
        }
        Tick(ImportStage.Events);
        if (buildIndexesAtEnd)
        {
            progress?.Report(new ImportProgress(ImportStage.Indexing, items, users, events.Appended));
            await ExecuteAsync(connection, transaction, Schema.CreateReadIndexes, cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(new ImportProgress(ImportStage.Committing, items, users, events.Appended));
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return new ImportResult(items, users, events.Appended, events.Duplicates, events.ByType(), clock.Elapsed);

        void Tick(ImportStage stage)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ImportProgress(stage, items, users, events.Appended));
        }
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

    private async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LastSequenceAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> LastSequenceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(max(seq), 0) FROM events", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

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
    private IAsyncEnumerable<StoredEvent> QueryEventsAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        var userIds = new Dictionary<long, string>();
        var itemIds = new Dictionary<long, string>();
        return QueryAsync(sql, parameters, r => new StoredEvent(
            r.GetInt64(0),
            new Event(
                ExternalId(userIds, r, 1),
                r.IsDBNull(3) ? null : ExternalId(itemIds, r, 3),
                (EventType)r.GetInt16(5),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
                r.IsDBNull(7) ? null : r.GetDouble(7),
                r.IsDBNull(8) ? null : TextColumns.Decode(r.GetString(8)),
                r.IsDBNull(9) ? null : TextColumns.Decode(r.GetString(9)))), cancellationToken);
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

    /// <summary>One appended batch as column arrays (the parameters of <see cref="InsertEvents"/>), strings encoded once.</summary>
    private sealed class AppendRows
    {
        private readonly short[] _types;
        private readonly double?[] _values;
        private readonly long[] _times;
        private readonly string?[] _texts;
        private readonly string?[] _keys;

        public AppendRows(IReadOnlyList<Event> batch)
        {
            Users = new string[batch.Count];
            Items = new string?[batch.Count];
            _types = new short[batch.Count];
            _values = new double?[batch.Count];
            _times = new long[batch.Count];
            _texts = new string?[batch.Count];
            _keys = new string?[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                Users[i] = TextColumns.Encode(e.UserId);
                Items[i] = TextColumns.EncodeNullable(e.ItemId);
                _types[i] = (short)e.Type;
                _values[i] = e.Value;
                _times[i] = e.Timestamp.ToUnixTimeMilliseconds();
                _texts[i] = TextColumns.EncodeNullable(e.Text);
                _keys[i] = TextColumns.EncodeNullable(e.IdempotencyKey);
            }
        }

        public string[] Users { get; }

        public string?[] Items { get; }

        public NpgsqlParameter[] Parameters() =>
        [
            new NpgsqlParameter<string[]> { TypedValue = Users },
            new NpgsqlParameter<string?[]> { TypedValue = Items },
            new NpgsqlParameter<short[]> { TypedValue = _types },
            new NpgsqlParameter<double?[]> { TypedValue = _values },
            new NpgsqlParameter<long[]> { TypedValue = _times },
            new NpgsqlParameter<string?[]> { TypedValue = _texts },
            new NpgsqlParameter<string?[]> { TypedValue = _keys },
        ];
    }
}
