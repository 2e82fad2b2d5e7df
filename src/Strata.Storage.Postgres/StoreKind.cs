namespace Strata.Storage.Postgres;

/// <summary>Which store a <see cref="StoreLocation"/> names.</summary>
public enum StoreKind
{
    /// <summary>A SQLite file (<c>Strata.Storage.Sqlite.SqliteStore</c>).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<see cref="PostgresStore"/>).</summary>
    Postgres,
}
