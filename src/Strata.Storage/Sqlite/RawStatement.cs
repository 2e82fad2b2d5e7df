using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Strata.Storage.Sqlite;

/// <summary>
/// A prepared SQLite statement driven through the raw C API: parameters are bound without boxing and strings keep
/// embedded NULs (the ADO.NET layer allocates per parameter and stops strings at NUL). Prepare once, run many times.
/// Parameters are 1-based (<c>?1</c>, <c>?2</c>…), columns 0-based.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    // Reused for every bound string (SQLite copies bound text), so an import binds without allocating per field.
    private byte[] _utf8 = new byte[256];

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public RawStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    public RawStatement Bind(int index, long? value) => value is { } v ? Bind(index, v) : BindNull(index);

    public RawStatement BindNull(int index)
    {
        Check(raw.sqlite3_bind_null(_statement, index));
        return this;
    }

    public RawStatement Bind(int index, double? value)
    {
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));
        return this;
    }

    /// <summary>
    /// Text bound as UTF-8 with its byte length (embedded NULs survive). Not as UTF-16: SQLite reads a leading U+FEFF in
    /// UTF-16 text as a byte-order mark and drops it, so an id starting with one came back without it.
    /// </summary>
    public RawStatement Bind(int index, string? value)
    {
        if (value is null) return BindNull(index);
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most > _utf8.Length) _utf8 = new byte[most];
        var length = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, length)));
        return this;
    }

    public RawStatement Bind(int index, ReadOnlySpan<byte> blob)
    {
        Check(raw.sqlite3_bind_blob(_statement, index, blob));
        return this;
    }

    /// <summary>Advances to the next row; false when the statement is done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        throw Error(rc);
    }

    /// <summary>Runs the statement to completion and resets it; returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            while (Step()) { }
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs the statement and returns the first column of its first row (e.g. <c>RETURNING id</c>), or null when it yields no row.</summary>
    public long? ExecuteInt64()
    {
        try
        {
            return Step() ? ColumnInt64(0) : null;
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Makes the statement ready to bind and run again.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long ColumnInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    public double ColumnDouble(int column) => raw.sqlite3_column_double(_statement, column);

    public double? ColumnNullableDouble(int column) => IsNull(column) ? null : ColumnDouble(column);

    /// <summary>Text column read with its byte length, so embedded NULs survive.</summary>
    public string ColumnString(int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, column));

    public string? ColumnNullableString(int column) => IsNull(column) ? null : ColumnString(column);

    public byte[] ColumnBlob(int column) => raw.sqlite3_column_blob(_statement, column).ToArray();

    /// <summary>The bytes of a text column, for parsing in place without a string.</summary>
    public ReadOnlySpan<byte> ColumnUtf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw Error(rc);
    }

    private SqliteException Error(int rc) => new(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
}
