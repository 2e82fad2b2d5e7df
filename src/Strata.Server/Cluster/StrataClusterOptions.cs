namespace Strata.Server.Cluster;

/// <summary>
/// <c>Strata:Cluster</c>: with a <see cref="ConnectionString"/>, the server is one silo of an Orleans cluster whose store,
/// membership table and published models all live in that PostgreSQL database.
/// </summary>
public sealed class StrataClusterOptions
{
    public const string Section = "Strata:Cluster";

    /// <summary>Npgsql connection string (or <c>postgres://</c> URL) of the shared database. Empty: a single node (the default).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Silos with the same id form one cluster (membership rows are kept per id).</summary>
    public string ClusterId { get; set; } = "strata";

    /// <summary>This silo's name in membership, health and metrics (default: host name and silo port).</summary>
    public string? SiloName { get; set; }

    /// <summary>Address other silos reach this one at.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port; each silo on one machine needs its own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (0: none; the HTTP API is the way in).</summary>
    public int GatewayPort { get; set; }

    /// <summary>How long an acknowledged commit waits for the users' grains to apply it before answering anyway (it is durable either way).</summary>
    public TimeSpan NotifyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
