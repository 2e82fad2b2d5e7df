using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Strata.Embeddings.Caching;

/// <summary>
/// Vectors persisted in their own SQLite file, keyed by (model key, SHA-256 of the UTF-8 text), stored as little-endian
/// float32 blobs. A separate file rather than a table in the store: the cache is disposable (delete it to re-embed),
/// it never contends with the store's write lock, and it can be shared between stores of the same catalogue.
/// Thread-safe (one connection behind a lock).
/// </summary>
public sealed class VectorCacheStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private const int LookupChunk = 500;

    private readonly Lock _gate = new();

    /// <summary>Opens or creates the cache file at <paramref name="path"/>.</summary>
    public VectorCacheStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        // 16 KiB pages before anything else (fixed once the file has content, and before WAL): a 1.5 KB vector row
        // overflows a 4 KiB page of a WITHOUT ROWID table, which tripled the file and made warm lookups ~3x slower.
        Execute("""
            PRAGMA page_size = 16384;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS vectors (
                model TEXT NOT NULL,
                text_sha256 BLOB NOT NULL,
                dimensions INTEGER NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (model, text_sha256)
            ) WITHOUT ROWID;
            """);
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The cache file that belongs to a store file: <c>strata.db</c> → <c>strata.vectors.db</c>.</summary>
    public static string PathBeside(string storePath) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(storePath)) ?? ".",
            System.IO.Path.GetFileNameWithoutExtension(storePath) + ".vectors.db");

    /// <summary>
    /// For each key, the cached vector, or null when absent or unusable: a blob whose length disagrees with its
    /// dimensions or with <paramref name="expectedDimensions"/> (when given), or one holding NaN, infinity or only zeros.
    /// Unusable entries count as misses, so the caller re-embeds and overwrites them.
    /// </summary>
    public float[]?[] Get(string model, IReadOnlyList<byte[]> keys, int? expectedDimensions)
    {
        var found = new float[]?[keys.Count];
        var positions = new Dictionary<string, List<int>>(keys.Count, StringComparer.Ordinal);
        var distinct = new List<byte[]>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            var hex = Convert.ToHexString(keys[i]);
            if (!positions.TryGetValue(hex, out var list))
            {
                positions[hex] = list = [];
                distinct.Add(keys[i]);
            }
            list.Add(i);
        }
        lock (_gate)
        {
            // One query per chunk of keys: a point query per text costs more in statement overhead than the reads themselves.
            for (int start = 0; start < distinct.Count; start += LookupChunk)
            {
                int count = Math.Min(LookupChunk, distinct.Count - start);
                using var command = _connection.CreateCommand();
                var sql = new System.Text.StringBuilder("SELECT text_sha256, dimensions, vector FROM vectors WHERE model = $model AND text_sha256 IN (");
                command.Parameters.AddWithValue("$model", model);
                for (int k = 0; k < count; k++)
                {
                    sql.Append(k == 0 ? "$k0" : $", $k{k}");
                    command.Parameters.Add($"$k{k}", SqliteType.Blob).Value = distinct[start + k];
                }
                command.CommandText = sql.Append(')').ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var hex = Convert.ToHexString((byte[])reader.GetValue(0));
                    int dimensions = reader.GetInt32(1);
                    var blob = (byte[])reader.GetValue(2);
                    if (blob.Length != dimensions * sizeof(float) || (expectedDimensions is { } d && d != dimensions)) continue;
                    var vector = MemoryMarshal.Cast<byte, float>(blob).ToArray();
                    if (!IsUsable(vector) || !positions.TryGetValue(hex, out var list)) continue;
                    foreach (var i in list) found[i] = vector;
                }
            }
        }
        return found;
    }

    /// <summary>Stores (or replaces) vectors in one transaction.</summary>
    public void Put(string model, IReadOnlyList<byte[]> keys, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO vectors (model, text_sha256, dimensions, vector) VALUES ($model, $key, $dimensions, $vector)";
            command.Parameters.AddWithValue("$model", model);
            var key = command.Parameters.Add("$key", SqliteType.Blob);
            var dimensions = command.Parameters.Add("$dimensions", SqliteType.Integer);
            var vector = command.Parameters.Add("$vector", SqliteType.Blob);
            command.Prepare();
            for (int i = 0; i < keys.Count; i++)
            {
                key.Value = keys[i];
                dimensions.Value = vectors[i].Length;
                vector.Value = MemoryMarshal.AsBytes(vectors[i].Span).ToArray();
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    /// <summary>Number of cached vectors for <paramref name="model"/>.</summary>
    public long Count(string model)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM vectors WHERE model = $model";
            command.Parameters.AddWithValue("$model", model);
            return (long)command.ExecuteScalar()!;
        }
    }

    private static bool IsUsable(ReadOnlySpan<float> vector)
    {
        bool anyNonZero = false;
        foreach (var x in vector)
        {
            if (!float.IsFinite(x)) return false;
            anyNonZero |= x != 0f;
        }
        return anyNonZero;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
