using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Strata.Server.Serving;
using Strata.Storage;
using Strata.Storage.Postgres;

namespace Strata.Server.Cluster;

/// <summary>
/// Makes the server one silo of a Strata cluster when <c>Strata:Cluster:ConnectionString</c> is set: an Orleans silo in
/// the same process as the HTTP API, membership (ADO.NET clustering), the store and published models all in that
/// PostgreSQL database. Users' reads, events and erasure go through each user's grain; see <see cref="UserGrain"/>.
/// </summary>
internal sealed class ClusterHosting
{
    private readonly StrataClusterOptions _options;

    private ClusterHosting(StrataClusterOptions options) => _options = options;

    /// <summary>Null (nothing changed) unless a cluster connection string is configured.</summary>
    public static ClusterHosting? Configure(IServiceCollection services, IConfiguration configuration)
    {
        var options = new StrataClusterOptions();
        configuration.GetSection(StrataClusterOptions.Section).Bind(options);
        return string.IsNullOrWhiteSpace(options.ConnectionString) ? null : ConfigureSilo(services, configuration, options);
    }

    // Apart, so that a single node never compiles this method and never loads Orleans or Npgsql for it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ClusterHosting ConfigureSilo(IServiceCollection services, IConfiguration configuration, StrataClusterOptions options)
    {
        try
        {
            var location = StoreLocation.Parse(options.ConnectionString!);
            if (location.Kind != StoreKind.Postgres) throw new ArgumentException("it names no PostgreSQL host.");
            options.ConnectionString = location.Target;
        }
        catch (ArgumentException e)
        {
            throw new ServerConfigurationException($"{StrataClusterOptions.Section}:ConnectionString: {e.Message}");
        }
        if (options.SiloPort is < 1 or > 65535) throw new ServerConfigurationException($"{StrataClusterOptions.Section}:SiloPort must be a port number.");
        if (!IPAddress.TryParse(options.AdvertisedAddress, out var advertised))
            throw new ServerConfigurationException($"{StrataClusterOptions.Section}:AdvertisedAddress: '{options.AdvertisedAddress}' is not an IP address.");
        options.SiloName ??= $"{Environment.MachineName}-{options.SiloPort}";

        // Each silo keeps a local copy of the published model and its own vector cache (the store is not a file to sit beside).
        var local = Path.Combine(Path.GetTempPath(), "strata-cluster", $"{options.ClusterId}-{options.SiloPort}");
        configuration[$"{ServingOptions.Section}:ModelPath"] ??= Path.Combine(local, "model");
        configuration["Strata:Embeddings:VectorCachePath"] ??= Path.Combine(local, "vectors.db");
        // The saved model is written beside its path (a temporary file renamed into place): the folder must exist.
        if (configuration[$"{ServingOptions.Section}:ModelPath"] is { Length: > 0 } modelPath)
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(modelPath))!);

        try
        {
            OrleansMembershipSchema.EnsureAsync(options.ConnectionString, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (NpgsqlException e)
        {
            throw new ServerConfigurationException($"The cluster database cannot be reached: {e.Message}");
        }

        services.AddSingleton(Options.Create(options));
        services.AddSingleton<ClusterModel>();
        // Before RefitService (registered later): the first fit then reads the model the cluster serves.
        services.AddHostedService<ClusterModelStartup>();
        services.AddSingleton<ILiveProfileOwner, ClusterProfiles>();
        services.AddSingleton<IServingPeers, ClusterPeers>();
        services.AddSingleton<IUserReads, ClusterUserReads>();
        services.AddHealthChecks().AddCheck<ClusterMembershipCheck>("cluster", tags: ["ready"]);
        // Per-silo metrics: Orleans' own meters beside Strata's, each silo's /metrics naming it (target_info{strata_silo=…}).
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter("Microsoft.Orleans")
            .ConfigureResource(resource => resource.AddAttributes([new("strata.silo", options.SiloName)])));

        services.AddOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ClusterId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = options.SiloName);
            silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(ado =>
            {
                ado.Invariant = "Npgsql";
                ado.ConnectionString = options.ConnectionString;
            });
            // Failure detection and timeouts (probe period, missed probes, votes…) may be tuned under Strata:Cluster:Membership.
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{StrataClusterOptions.Section}:Membership"));
            silo.Services.Configure<SiloMessagingOptions>(configuration.GetSection($"{StrataClusterOptions.Section}:Messaging"));
            silo.Services.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();
            // Strata's request and answer records cross silos as JSON (the HTTP API's own shapes).
            silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(
                isSupported: type => type.Namespace is { } ns && ns.StartsWith("Strata.", StringComparison.Ordinal) && !typeof(PlacementStrategy).IsAssignableFrom(type)));
        });
        var hosting = new ClusterHosting(options);
        // MapStrata adds the cluster's endpoints when it finds this.
        services.AddSingleton(hosting);
        return hosting;
    }

    /// <summary>The shared PostgreSQL store (created or migrated on first use).</summary>
    public IStore OpenStore()
    {
        try
        {
            return PostgresStore.Open(_options.ConnectionString!);
        }
        catch (Exception e) when (e is StoreUnavailableException or NpgsqlException or InvalidDataException)
        {
            throw new ServerConfigurationException($"The cluster store cannot be opened: {e.Message}");
        }
    }

    public void MapEndpoints(RouteGroupBuilder reads, RouteGroupBuilder writes)
    {
        reads.MapGet("/cluster", async (IGrainFactory grains, ClusterModel model, IOptions<StrataClusterOptions> options, ILocalSiloDetails local) =>
        {
            var members = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
            return Results.Ok(new
            {
                clusterId = options.Value.ClusterId,
                silo = options.Value.SiloName,
                address = local.SiloAddress.ToParsableString(),
                publishedModel = model.Loaded,
                members = members.OrderBy(m => m.SiloName, StringComparer.Ordinal)
                    .Select(m => new { name = m.SiloName, address = m.SiloAddress.ToParsableString(), status = m.Status.ToString() }),
            });
        })
        .WithName("Cluster").WithTags("cluster")
        .WithSummary("This silo, the cluster's members with their status, and the published model version this silo serves.");
        writes.MapPost("/cluster/refit", async (IGrainFactory grains) =>
        {
            var outcome = await grains.GetGrain<IRefitGrain>(0).RefitAndPublishAsync();
            return Results.Ok(new { publishedModel = outcome.PublishedModel, silos = outcome.Silos, failed = outcome.Failed });
        })
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .WithName("ClusterRefit").WithTags("cluster")
        .WithSummary("Refit once for the cluster, publish the model to the shared store and swap it in on every active silo.");
    }
}

/// <summary>Ready only as an active member of the cluster; the description lists the active silos.</summary>
internal sealed class ClusterMembershipCheck(IGrainFactory grains, ILocalSiloDetails local) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var members = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true).WaitAsync(cancellationToken);
            var names = string.Join(", ", members.Select(m => m.SiloName).Order(StringComparer.Ordinal));
            return members.Any(m => m.SiloAddress.Equals(local.SiloAddress))
                ? HealthCheckResult.Healthy($"{members.Length} active silos: {names}")
                : HealthCheckResult.Unhealthy($"not an active member yet; active: {names}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"membership unavailable: {e.Message}");
        }
    }
}
