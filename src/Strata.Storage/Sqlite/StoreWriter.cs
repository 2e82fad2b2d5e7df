using Microsoft.Data.Sqlite;
using Strata.Core.Domain;
using Strata.Storage.Privacy;

namespace Strata.Storage.Sqlite;

/// <summary>
/// Every write the store makes, as statements prepared once on the single writer connection and reused for each row.
/// External ids resolved inside a transaction are cached for that transaction only (another process may erase users
/// between our transactions, so a cached rowid must not outlive the lock that made it valid).
/// Not thread-safe: <see cref="SqliteStore"/> serialises access.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private const string EmptyMap = "{}";
    private const int RowsPerInsert = 32;
    private const string EventColumnList = "user_ref, item_ref, type, value, time_ms, text";
    private const int EventColumns = 6;

    private readonly SqliteConnection _connection;
    private readonly RawStatement _upsertItem;
    private readonly RawStatement _upsertUser;
    private readonly RawStatement _findItem;
    private readonly RawStatement _findUser;
    private readonly RawStatement _insertEvent;
    private readonly RawStatement _insertEvents;
    private readonly RawStatement _deleteUserEvents;
    private readonly RawStatement _deleteUser;
    private readonly RawStatement _deleteUserImpressions;
    private readonly RawStatement _insertImpression;
    private readonly RawStatement[] _attribute;
    private readonly RawStatement _lastSequence;
    private readonly RawStatement _nextArtifactVersion;
    private readonly RawStatement _insertArtifact;
    private readonly Dictionary<string, long> _itemRefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _userRefs = new(StringComparer.Ordinal);
    private readonly PendingEvent[] _pending = new PendingEvent[RowsPerInsert];
    private int _pendingCount;

    public StoreWriter(SqliteConnection connection)
    {
        _connection = connection;
        _upsertItem = new RawStatement(connection,
            """
            INSERT INTO items (external_id, title, categories, categories_flat, tags, text_fields, attributes)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (external_id) DO UPDATE SET title = excluded.title, categories = excluded.categories,
                categories_flat = excluded.categories_flat, tags = excluded.tags, text_fields = excluded.text_fields,
                attributes = excluded.attributes
            RETURNING id
            """);
        _upsertUser = new RawStatement(connection,
            "INSERT INTO users (external_id, attributes) VALUES (?1, ?2) ON CONFLICT (external_id) DO UPDATE SET attributes = excluded.attributes RETURNING id");
        _findItem = new RawStatement(connection, "SELECT id FROM items WHERE external_id = ?1");
        _findUser = new RawStatement(connection, "SELECT id FROM users WHERE external_id = ?1");
        _insertEvent = new RawStatement(connection,
            $"INSERT INTO events ({EventColumnList}, idempotency_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) " +
            "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING");
        _insertEvents = new RawStatement(connection, EventInsert(RowsPerInsert));
        _deleteUserEvents = new RawStatement(connection, "DELETE FROM events WHERE user_ref = ?1");
        _deleteUser = new RawStatement(connection, "DELETE FROM users WHERE id = ?1");
        _deleteUserImpressions = new RawStatement(connection, "DELETE FROM impressions WHERE user_ref = ?1");
        _insertImpression = new RawStatement(connection,
            "INSERT INTO impressions (experiment, variant, user_ref, item_ref, position, time_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        // Per experiment, the latest showing of the item up to the outcome's time; credited once.
        _attribute = [.. Enum.GetValues<ExperimentOutcome>().Select(outcome => Impressions.Column(outcome)).Select(column => new RawStatement(connection,
            $"""
            UPDATE impressions SET {column} = 1 WHERE {column} = 0 AND id IN (
                SELECT MAX(id) FROM impressions
                WHERE user_ref = (SELECT id FROM users WHERE external_id = ?1) AND item_ref = (SELECT id FROM items WHERE external_id = ?2) AND time_ms <= ?3
                GROUP BY experiment)
            """))];
        _lastSequence = new RawStatement(connection, "SELECT COALESCE(MAX(seq), 0) FROM events");
        _nextArtifactVersion = new RawStatement(connection, "SELECT COALESCE(MAX(version), 0) + 1 FROM artifacts WHERE name = ?1");
        _insertArtifact = new RawStatement(connection, "INSERT INTO artifacts (name, version, saved_ms, data) VALUES (?1, ?2, ?3, ?4)");
    }

    /// <summary>Starts a write transaction (BEGIN IMMEDIATE: takes the write lock now, waiting on other writers).</summary>
    public SqliteTransaction Begin()
    {
        _itemRefs.Clear();
        _userRefs.Clear();
        _pendingCount = 0;
        return _connection.BeginTransaction(deferred: false);
    }

    public long UpsertItem(Item item)
    {
        if (EventRules.IdProblem(item.Id) is { } problem) throw new ArgumentException($"Item id {problem}.", nameof(item));
        var id = _upsertItem
            .Bind(1, item.Id)
            .Bind(2, item.Title)
            .Bind(3, JsonColumns.WriteList(item.Categories))
            .Bind(4, item.CategoriesAreFlat ? 1 : 0)
            .Bind(5, JsonColumns.WriteList(item.Tags))
            .Bind(6, JsonColumns.WriteMap(item.Text))
            .Bind(7, JsonColumns.WriteMap(item.Attributes))
            .ExecuteInt64()!.Value;
        _itemRefs[item.Id] = id;
        return id;
    }

    public long UpsertUser(User user)
    {
        if (EventRules.IdProblem(user.Id) is { } problem) throw new ArgumentException($"User id {problem}.", nameof(user));
        var id = _upsertUser.Bind(1, user.Id).Bind(2, JsonColumns.WriteMap(user.Attributes)).ExecuteInt64()!.Value;
        _userRefs[user.Id] = id;
        return id;
    }

    /// <summary>
    /// Appends one event; false when its idempotency key is already in the log. Events without a key cannot collide,
    /// so they are buffered and written <see cref="RowsPerInsert"/> to a statement (one statement run instead of 32
    /// saves a third of the insert cost); the buffer is flushed before anything that must see the log in order.
    /// </summary>
    /// <exception cref="RejectedEventException">The event breaks a rule or names an item the catalogue does not hold
    /// (<paramref name="index"/> is its position in the caller's batch).</exception>
    public bool Append(Event e, int index, DateTimeOffset now)
    {
        if (EventRules.Check(e, now, EventRules.MaxStoredTextLength) is { } broken) throw new RejectedEventException(index, broken.Field, broken.Problem);
        long? itemRef = null;
        if (e.ItemId is not null)
            itemRef = ItemRef(e.ItemId) ?? throw new RejectedEventException(index, "item", RejectedEventException.UnknownItemProblem);
        var row = new PendingEvent(UserRef(e.UserId), itemRef, (long)e.Type, e.Value,
            e.Timestamp.ToUnixTimeMilliseconds(), e.Text);
        if (e.IdempotencyKey is null)
        {
            _pending[_pendingCount++] = row;
            if (_pendingCount == RowsPerInsert) InsertPendingBatch();
            return true;
        }
        FlushEvents();
        return BindRow(_insertEvent, 0, row).Bind(7, e.IdempotencyKey).Execute() == 1;
    }

    /// <summary>Writes buffered events; called before reading the log, changing its schema, and committing.</summary>
    public void FlushEvents()
    {
        for (var i = 0; i < _pendingCount; i++) BindRow(_insertEvent, 0, _pending[i]).BindNull(7).Execute();
        _pendingCount = 0;
    }

    /// <summary>Removes the user row, every event, every impression of the user and the items they hid; returns the events removed, or -1 for an unknown user.</summary>
    public long DeleteUser(string userId)
    {
        FlushEvents();
        if (_findUser.Bind(1, userId).ExecuteInt64() is not { } userRef) return -1;
        long removed = _deleteUserEvents.Bind(1, userRef).Execute();
        using (var deleteHidden = new RawStatement(_connection, "DELETE FROM user_hidden_items WHERE user_ref = ?1"))
            deleteHidden.Bind(1, userRef).Execute();
        _deleteUserImpressions.Bind(1, userRef).Execute();
        _deleteUser.Bind(1, userRef).Execute();
        _userRefs.Remove(userId);
        return removed;
    }

    /// <summary>Sets an item's hidden flag; false when the item is unknown.</summary>
    public bool SetHidden(string itemId, bool hidden)
    {
        using var update = new RawStatement(_connection, "UPDATE items SET hidden = ?2 WHERE external_id = ?1");
        return update.Bind(1, itemId).Bind(2, hidden ? 1 : 0).Execute() == 1;
    }

    /// <summary>Hides items from one user (created if new); throws, naming the position, for an item outside the catalogue.</summary>
    public void HideForUser(string userId, IReadOnlyList<string> itemIds)
    {
        var user = UserRef(userId);
        using var insert = new RawStatement(_connection, "INSERT INTO user_hidden_items (user_ref, item_ref) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
        for (var i = 0; i < itemIds.Count; i++)
        {
            var item = ItemRef(itemIds[i]) ?? throw new RejectedEventException(i, "item", RejectedEventException.UnknownItemProblem);
            insert.Bind(1, user).Bind(2, item).Execute();
        }
    }

    /// <summary>Removes one event of a user; false when the user has no event with that sequence number.</summary>
    public bool DeleteEvent(string userId, long sequence)
    {
        FlushEvents();
        if (_findUser.Bind(1, userId).ExecuteInt64() is not { } userRef) return false;
        using var delete = new RawStatement(_connection, "DELETE FROM events WHERE seq = ?1 AND user_ref = ?2");
        return delete.Bind(1, sequence).Bind(2, userRef).Execute() == 1;
    }

    /// <summary>Removes an item, every event on it, its impressions and every user's hiding of it; returns the events removed, or -1 for an unknown item.</summary>
    public long DeleteItem(string itemId)
    {
        FlushEvents();
        if (_findItem.Bind(1, itemId).ExecuteInt64() is not { } itemRef) return -1;
        using var deleteEvents = new RawStatement(_connection, "DELETE FROM events WHERE item_ref = ?1");
        using var deleteHidden = new RawStatement(_connection, "DELETE FROM user_hidden_items WHERE item_ref = ?1");
        using var deleteImpressions = new RawStatement(_connection, "DELETE FROM impressions WHERE item_ref = ?1");
        using var deleteItem = new RawStatement(_connection, "DELETE FROM items WHERE id = ?1");
        long removed = deleteEvents.Bind(1, itemRef).Execute();
        deleteHidden.Bind(1, itemRef).Execute();
        deleteImpressions.Bind(1, itemRef).Execute();
        deleteItem.Bind(1, itemRef).Execute();
        _itemRefs.Remove(itemId);
        return removed;
    }

    /// <summary>
    /// Rewrites every user id, idempotency key and event text as <paramref name="pseudonyms"/> stores them; returns the
    /// users and events rewritten. Rows are read in full before any is changed, so the updates never feed back into the scan.
    /// </summary>
    public (long Users, long Events) Pseudonymise(Pseudonymizer pseudonyms)
    {
        FlushEvents();
        var users = new List<(long Row, string Id)>();
        using (var read = new RawStatement(_connection, "SELECT id, external_id FROM users"))
            while (read.Step()) users.Add((read.ColumnInt64(0), read.ColumnString(1)));
        var events = new List<(long Seq, string? Key, string? Text)>();
        using (var read = new RawStatement(_connection, "SELECT seq, idempotency_key, text FROM events WHERE idempotency_key IS NOT NULL OR text IS NOT NULL"))
            while (read.Step()) events.Add((read.ColumnInt64(0), read.ColumnNullableString(1), read.ColumnNullableString(2)));
        using (var update = new RawStatement(_connection, "UPDATE users SET external_id = ?2 WHERE id = ?1"))
            foreach (var (row, id) in users) update.Bind(1, row).Bind(2, pseudonyms.User(id)).Execute();
        using (var update = new RawStatement(_connection, "UPDATE events SET idempotency_key = ?2, text = ?3 WHERE seq = ?1"))
            foreach (var (seq, key, text) in events)
                update.Bind(1, seq).Bind(2, key is null ? null : pseudonyms.IdempotencyKey(key)).Bind(3, text is null ? null : pseudonyms.Text(text)).Execute();
        _userRefs.Clear();
        return (users.Count, events.Count);
    }

    /// <summary>Logs one impression (the user is created when new).</summary>
    /// <exception cref="ArgumentException">A field is empty, or the item is not in the catalogue.</exception>
    public void LogImpression(Impression impression)
    {
        Impressions.Check(impression);
        var item = ItemRef(impression.ItemId) ?? throw new ArgumentException($"Impression of unknown item '{impression.ItemId}'.", nameof(impression));
        _insertImpression.Bind(1, impression.ExperimentId).Bind(2, impression.Variant).Bind(3, UserRef(impression.UserId)).Bind(4, item)
            .Bind(5, impression.Position).Bind(6, impression.Time.ToUnixTimeMilliseconds()).Execute();
    }

    /// <summary>Credits an outcome (see <see cref="IExperimentLog.AttributeAsync"/>); returns the impressions credited.</summary>
    public int Attribute(Attribution outcome) =>
        _attribute[(int)outcome.Outcome].Bind(1, outcome.UserId).Bind(2, outcome.ItemId).Bind(3, outcome.Time.ToUnixTimeMilliseconds()).Execute();

    public long LastSequence()
    {
        FlushEvents();
        return _lastSequence.ExecuteInt64()!.Value;
    }

    /// <summary>Runs schema statements (no parameters, no rows) inside the current transaction.</summary>
    public void ExecuteSchema(string sql)
    {
        FlushEvents();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public int SaveArtifact(string name, ReadOnlySpan<byte> data, DateTimeOffset saved)
    {
        var version = (int)_nextArtifactVersion.Bind(1, name).ExecuteInt64()!.Value;
        _insertArtifact.Bind(1, name).Bind(2, version).Bind(3, saved.ToUnixTimeMilliseconds()).Bind(4, data).Execute();
        return version;
    }

    public void Dispose()
    {
        foreach (var statement in new[] { _upsertItem, _upsertUser, _findItem, _findUser, _insertEvent, _insertEvents, _deleteUserEvents, _deleteUser, _deleteUserImpressions, _insertImpression, _lastSequence, _nextArtifactVersion, _insertArtifact })
            statement.Dispose();
        foreach (var statement in _attribute) statement.Dispose();
    }

    private void InsertPendingBatch()
    {
        for (var i = 0; i < RowsPerInsert; i++) BindRow(_insertEvents, i * EventColumns, _pending[i]);
        _insertEvents.Execute();
        _pendingCount = 0;
    }

    /// <summary>Binds one row's columns to parameters offset+1 … offset+6, in the order of <see cref="EventColumnList"/>.</summary>
    private static RawStatement BindRow(RawStatement statement, int offset, in PendingEvent row)
    {
        statement.Bind(offset + 1, row.UserRef).Bind(offset + 2, row.ItemRef).Bind(offset + 3, row.Type)
            .Bind(offset + 4, row.Value).Bind(offset + 5, row.TimeMs).Bind(offset + 6, row.Text);
        return statement;
    }

    private static string EventInsert(int rows) =>
        $"INSERT INTO events ({EventColumnList}) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(r * EventColumns + 1, EventColumns).Select(p => "?" + p)) + ")"));

    /// <summary>An event resolved to row references, waiting in the insert buffer.</summary>
    private readonly record struct PendingEvent(long UserRef, long? ItemRef, long Type, double? Value, long TimeMs, string? Text);

    private long UserRef(string userId)
    {
        if (_userRefs.TryGetValue(userId, out var id)) return id;
        id = _findUser.Bind(1, userId).ExecuteInt64() ?? _upsertUser.Bind(1, userId).Bind(2, EmptyMap).ExecuteInt64()!.Value;
        _userRefs.Add(userId, id);
        return id;
    }

    /// <summary>The item's row, or null when the catalogue does not hold it.</summary>
    private long? ItemRef(string itemId)
    {
        if (_itemRefs.TryGetValue(itemId, out var id)) return id;
        if (_findItem.Bind(1, itemId).ExecuteInt64() is not { } found) return null;
        _itemRefs[itemId] = found;
        return found;
    }
}
