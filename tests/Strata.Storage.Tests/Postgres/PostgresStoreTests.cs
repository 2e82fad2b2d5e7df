using Strata.Storage.Postgres;

namespace Strata.Storage.Tests.Postgres;

public sealed class PostgresStoreTests : StoreContract<PostgresStore>
{
    private readonly TestDatabase _database = new();

    protected override PostgresStore Open() => PostgresStore.Open(_database.ConnectionString);

    protected override void DeleteStore() => _database.Dispose();
}
