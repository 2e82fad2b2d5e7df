using Npgsql;
using NpgsqlTypes;
using Strata.Core.Domain;

namespace Strata.Storage.Postgres;

/// <summary>
/// The event phase of a bulk import: events go straight into the log by binary COPY (PostgreSQL's bulk-insert path),
/// one COPY per chunk, in source order. Before each chunk one round trip creates the chunk's unknown users and stub
/// items and asks which of its idempotency keys the log already holds — earlier chunks of this import included, since
/// they are in the log inside this transaction; those events, and keys repeated within the chunk, are dropped and
/// counted. Needs the event-log lock (nothing else writes the log meanwhile), so the answer cannot go stale before
/// the COPY. Synchronous: it runs on the import's pool thread, and the row loop is the hot path.
/// </summary>
internal sealed class EventCopy(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now)
{
    private const string Copy =
        "COPY events (user_ref, item_ref, type, value, time_ms, text, idempotency_key) FROM STDIN (FORMAT BINARY)";

    /// <summary>Row ids by encoded external id. Valid for the whole transaction: the lock keeps erasures out, and items are never deleted.</summary>
    private readonly Dictionary<string, long> _userRefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _itemRefs = new(StringComparer.Ordinal);
    private long _written;
    private readonly HashSet<string> _loggedKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _chunkKeys = new(StringComparer.Ordinal);
    private readonly long[] _byType = new long[EventTypes.All.Count];

    public long Appended { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Appended events per type (types with none are absent).</summary>
    public Dictionary<EventType, long> ByType()
    {
        var counts = new Dictionary<EventType, long>();
        for (var t = 0; t < _byType.Length; t++)
            if (_byType[t] > 0) counts[(EventType)t] = _byType[t];
        return counts;
    }

    /// <exception cref="RejectedEventException">An event breaks a rule or names an item outside the catalogue; the import must be
    /// abandoned (its transaction rolled back).</exception>
    public void Write(Event[] chunk)
    {
        var rows = new Row[chunk.Length];
        for (var i = 0; i < chunk.Length; i++)
        {
            var e = chunk[i];
            if (EventRules.Check(e, now, EventRules.MaxStoredTextLength) is { } broken) throw new RejectedEventException((int)Math.Min(int.MaxValue, _written + i), broken.Field, broken.Problem);
            rows[i] = new Row(TextColumns.Encode(e.UserId), TextColumns.EncodeNullable(e.ItemId), e.Type, e.Value,
                e.Timestamp.ToUnixTimeMilliseconds(), TextColumns.EncodeNullable(e.Text), TextColumns.EncodeNullable(e.IdempotencyKey));
        }
        Resolve(rows);
        for (var i = 0; i < rows.Length; i++)
            if (rows[i].Item is { } item && !_itemRefs.ContainsKey(item))
                throw new RejectedEventException((int)Math.Min(int.MaxValue, _written + i), "item", RejectedEventException.UnknownItemProblem);
        _written += rows.Length;

        _chunkKeys.Clear();
        using var copy = connection.BeginBinaryImport(Copy);
        foreach (var row in rows)
        {
            if (row.Key is { } key && (_loggedKeys.Contains(key) || !_chunkKeys.Add(key)))
            {
                Duplicates++;
                continue;
            }
            copy.StartRow();
            copy.Write(_userRefs[row.User], NpgsqlDbType.Bigint);
            if (row.Item is null) copy.WriteNull(); else copy.Write(_itemRefs[row.Item], NpgsqlDbType.Bigint);
            copy.Write((short)row.Type, NpgsqlDbType.Smallint);
            if (row.Value is { } value) copy.Write(value, NpgsqlDbType.Double); else copy.WriteNull();
            copy.Write(row.TimeMs, NpgsqlDbType.Bigint);
            WriteText(copy, row.Text);
            WriteText(copy, row.Key);
            _byType[(int)row.Type]++;
            Appended++;
        }
        copy.Complete();
    }

    /// <summary>Fills the id caches for the chunk's users and items (creating missing ones) and <see cref="_loggedKeys"/> with its keys already logged.</summary>
    private void Resolve(Row[] rows)
    {
        var users = rows.Select(r => r.User).Where(id => !_userRefs.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        var items = rows.Select(r => r.Item).OfType<string>().Where(id => !_itemRefs.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        var keys = rows.Select(r => r.Key).OfType<string>().ToArray();
        _loggedKeys.Clear();
        if (users.Length == 0 && items.Length == 0 && keys.Length == 0) return;

        // A bulk import's chunk lookups may wait on a busy server longer than a request should (Npgsql's 30 s default
        // failed one in CI with the tests' other work on two cores); the import as a whole is one transaction anyway.
        using var batch = new NpgsqlBatch(connection, transaction)
        {
            Timeout = 300,
            BatchCommands =
            {
                Parameters.Command(CatalogWrites.InsertMissingUsers, Parameters.Texts(users)),
                Parameters.Command("SELECT external_id, id FROM users WHERE external_id = ANY($1)", Parameters.Texts(users)),
                Parameters.Command("SELECT external_id, id FROM items WHERE external_id = ANY($1)", Parameters.Texts(items)),
                Parameters.Command("SELECT idempotency_key FROM events WHERE idempotency_key = ANY($1)", Parameters.Texts(keys)),
            },
        };
        using var reader = batch.ExecuteReader();
        while (reader.Read()) _userRefs.Add(reader.GetString(0), reader.GetInt64(1));
        reader.NextResult();
        while (reader.Read()) _itemRefs.Add(reader.GetString(0), reader.GetInt64(1));
        reader.NextResult();
        while (reader.Read()) _loggedKeys.Add(reader.GetString(0));
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, NpgsqlDbType.Text);
    }

    /// <summary>One event with its strings encoded for text columns.</summary>
    private readonly record struct Row(string User, string? Item, EventType Type, double? Value, long TimeMs, string? Text, string? Key);
}
