using Strata.Storage.Sqlite;

namespace Strata.Storage.Postgres;

/// <summary>
/// Opens whichever store a location names, so a host takes one string for either. It lives here, beside the
/// PostgreSQL store, because this project already sees both stores (Strata.Storage holds SQLite and cannot see PostgreSQL).
/// </summary>
public static class Stores
{
    /// <summary>Opens (creating tables or the file when missing) the store at <paramref name="location"/>; see <see cref="StoreLocation"/>.</summary>
    public static IStore Open(string location, TimeProvider? time = null) => Open(StoreLocation.Parse(location), time);

    /// <inheritdoc cref="Open(string, TimeProvider?)"/>
    public static IStore Open(StoreLocation location, TimeProvider? time = null) => location.Kind switch
    {
        StoreKind.Sqlite => SqliteStore.Open(location.Target, time),
        StoreKind.Postgres => PostgresStore.Open(location.Target, time),
        _ => throw new ArgumentOutOfRangeException(nameof(location), location.Kind, "unknown store kind"),
    };
}
