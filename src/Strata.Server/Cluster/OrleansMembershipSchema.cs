using Npgsql;

namespace Strata.Server.Cluster;

/// <summary>
/// Creates, once per database, what Orleans' ADO.NET membership provider reads and writes: its query table, the
/// per-cluster version row and one row per silo. The provider reads its SQL from <c>OrleansQuery</c> by key and binds
/// parameters and columns by name, so those names are its contract; the statements are ours, each one statement, with
/// the table version as the optimistic lock (a write happens only together with a version bump from the version read).
/// Run under an advisory lock so silos starting together do not race on <c>CREATE TABLE</c>.
/// </summary>
internal static class OrleansMembershipSchema
{
    // Any constant distinct from the store's own advisory locks; it only serialises this migration.
    private const long MigrationLock = 0x5354_5241_4F52_4C4E;

    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Execute(connection, Tables, cancellationToken);
            foreach (var (key, text) in Queries)
            {
                await using var upsert = new NpgsqlCommand(
                    "INSERT INTO orleansquery (querykey, querytext) VALUES (@key, @text) ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext",
                    connection);
                upsert.Parameters.AddWithValue("key", key);
                upsert.Parameters.AddWithValue("text", text);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS orleansquery (
            querykey  varchar(64) PRIMARY KEY,
            querytext text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
            deploymentid varchar(150) PRIMARY KEY,
            timestamp    timestamptz(3) NOT NULL DEFAULT now(),
            version      integer NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS orleansmembershiptable (
            deploymentid varchar(150) NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
            address      varchar(45) NOT NULL,
            port         integer NOT NULL,
            generation   integer NOT NULL,
            siloname     varchar(150) NOT NULL,
            hostname     varchar(150) NOT NULL,
            status       integer NOT NULL,
            proxyport    integer,
            suspecttimes text,
            starttime    timestamptz(3) NOT NULL,
            iamalivetime timestamptz(3) NOT NULL,
            PRIMARY KEY (deploymentid, address, port, generation)
        );
        """;

    // Columns every membership read returns (the provider reads them by these names); the version row comes back even
    // when no silo row matches.
    private const string MembershipColumns = """
        SELECT v.deploymentid AS "DeploymentId", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
               m.siloname AS "SiloName", m.hostname AS "HostName", m.status AS "Status", m.proxyport AS "ProxyPort",
               m.suspecttimes AS "SuspectTimes", m.starttime AS "StartTime", m.iamalivetime AS "IAmAliveTime", v.version AS "Version"
        FROM orleansmembershipversiontable v
        """;

    private static readonly (string Key, string Text)[] Queries =
    [
        ("UpdateIAmAlivetimeKey", """
            UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
            WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
            """),
        ("InsertMembershipVersionKey", """
            WITH inserted AS (
                INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
                ON CONFLICT (deploymentid) DO NOTHING RETURNING 1)
            SELECT count(*)::int FROM inserted
            """),
        // A silo joins only together with a bump of the version it read; a stale version inserts nothing (answer 0, retried).
        ("InsertMembershipKey", """
            WITH bumped AS (
                UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
                WHERE deploymentid = @DeploymentId AND version = @Version
                RETURNING deploymentid),
            inserted AS (
                INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
                SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
                ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*)::int FROM inserted
            """),
        ("UpdateMembershipKey", """
            WITH bumped AS (
                UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
                WHERE deploymentid = @DeploymentId AND version = @Version
                RETURNING deploymentid),
            updated AS (
                UPDATE orleansmembershiptable m SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
                FROM bumped
                WHERE m.deploymentid = bumped.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                RETURNING 1)
            SELECT count(*)::int FROM updated
            """),
        ("MembershipReadRowKey", MembershipColumns + """

            LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
                AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.deploymentid = @DeploymentId
            """),
        ("MembershipReadAllKey", MembershipColumns + """

            LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
            WHERE v.deploymentid = @DeploymentId
            """),
        ("DeleteMembershipTableEntriesKey", """
            WITH silos AS (DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId)
            DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
            """),
        ("GatewaysQueryKey", """
            SELECT address AS "Address", proxyport AS "ProxyPort", generation AS "Generation" FROM orleansmembershiptable
            WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
            """),
        // Rows of silos long gone (status 3 = active is never removed).
        ("CleanupDefunctSiloEntriesKey", """
            DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3
            """),
    ];
}
