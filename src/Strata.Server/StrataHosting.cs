using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Strata.Core.Domain;
using Strata.Embeddings;
using Strata.Embeddings.Caching;
using Strata.Engine;
using Strata.Server.Api;
using Strata.Server.Dashboard;
using Strata.Server.Experiments;
using Strata.Server.Http;
using Strata.Server.Ingestion;
using Strata.Server.Security;
using Strata.Server.Serving;
using Strata.Server.Telemetry;
using Strata.Server.Storage;
using Strata.Storage;
using Strata.Storage.Privacy;
using Strata.Storage.Sqlite;

namespace Strata.Server;

/// <summary>
/// Strata inside any ASP.NET Core application: <c>builder.Services.AddStrata(builder.Configuration)</c> registers the store,
/// the live serving state, the group-committing ingestor, the model refits, health checks and telemetry;
/// <c>app.MapStrata()</c> adds the API, the dashboard, OpenAPI, health and Prometheus endpoints.
/// An <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> the application registered before <c>AddStrata</c> embeds the
/// items instead of the configured encoder (its vectors are cached under its provider, model and dimensions).
/// </summary>
public static class StrataHosting
{
    /// <summary>
    /// Binds and validates every <c>Strata</c> setting now (a bad one throws naming its key), opens the store (one that cannot
    /// open, or whose pseudonyms do not match the key, throws with one clear line) and registers Strata's services.
    /// <paramref name="configure"/> adjusts the server options after binding.
    /// </summary>
    /// <exception cref="ServerConfigurationException">The configuration is unsafe or invalid, or the store cannot be used.</exception>
    public static IServiceCollection AddStrata(this IServiceCollection services, IConfiguration configuration, Action<StrataServerOptions>? configure = null)
    {
        var options = new StrataServerOptions();
        configuration.GetSection(StrataServerOptions.Section).Bind(options);
        options.ApiKey ??= NullIfEmpty(Environment.GetEnvironmentVariable(StrataServerOptions.ApiKeyEnvironmentVariable));
        options.PseudonymKey ??= NullIfEmpty(Environment.GetEnvironmentVariable(StrataServerOptions.PseudonymKeyEnvironmentVariable));
        configure?.Invoke(options);
        Validate(options);
        services.AddSingleton(Options.Create(options));
        // With Strata:Cluster:ConnectionString this process is also an Orleans silo over PostgreSQL (null: a single node).
        // Before the engine's settings are bound: a silo keeps its model file and vector cache in a folder of its own.
        var cluster = Cluster.ClusterHosting.Configure(services, configuration);

        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxRequestBodyBytes);

        services.AddProblemDetails();
        services.AddOpenApi(openApi => OpenApiDocumentation.Configure(openApi));
        if (options.Cors.Origins.Length > 0)
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(options.Cors.Origins).AllowAnyHeader().AllowAnyMethod()));
        services.AddRateLimiter(limiter => EncoderRateLimit.Configure(limiter, options.RateLimit));
        services.AddHealthChecks().AddCheck<ReadinessCheck>("model", tags: ["ready"]);
        services.AddStrataTelemetry(TelemetryOptions.Bind(configuration));

        // Every setting of the model is bound and checked before anything starts: a bad value stops the start naming its key.
        EngineOptions engineOptions;
        try
        {
            engineOptions = EngineOptions.Bind(configuration);
        }
        catch (EngineOptionsException e)
        {
            throw new ServerConfigurationException(e.Message);
        }
        // The vector cache sits beside the store unless configured, so restarts do not re-embed the catalogue.
        engineOptions.Embeddings.VectorCachePath ??= VectorCacheStore.PathBeside(Path.GetFullPath(options.Database));

        services.AddSingleton(TimeProvider.System);
        // Opened now, so a store that cannot be opened, or whose pseudonyms do not match the key, stops the start with one clear line.
        var store = cluster?.OpenStore() ?? OpenStore(options);
        var pseudonyms = new Pseudonymizer(options.PseudonymKey);
        try
        {
            PseudonymMarker.VerifyAsync(store, store, pseudonyms, options.Database).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is PseudonymMismatchException or StoreUnavailableException)
        {
            store.Dispose();
            throw new ServerConfigurationException(e.Message);
        }
        // Registered through factories, so the container disposes the store (closing its connections) when the app stops.
        services.AddSingleton(_ => store);
        if (store is SqliteStore sqlite) services.AddSingleton(_ => sqlite);
        // Both stores compact after an erasure: SQLite rewrites its file, PostgreSQL vacuums the tables that held the user.
        if (store is IStoreCompaction compaction) services.AddSingleton(compaction);
        services.AddSingleton(LoadExperiments(configuration, store, engineOptions));
        services.AddSingleton<IExperimentLog>(_ => store);
        services.AddSingleton<ExperimentRouter>();
        services.AddSingleton(pseudonyms);
        services.AddSingleton<StoreHealth>();
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddSingleton<IEventStore>(_ => store);
        services.AddSingleton<ICatalogStore>(_ => store);
        services.AddSingleton<IArtifactStore>(_ => store);
        services.AddSingleton<StrataMetrics>();
        services.AddSingleton<ApiKeyFilter>();
        var serving = new ServingOptions();
        configuration.GetSection(ServingOptions.Section).Bind(serving);
        serving.ModelPath ??= Path.GetFullPath(options.Database) + ".model";
        services.AddSingleton(Options.Create(serving));

        // The application's own generator, if it registered one, else the configured encoder (owned by Strata).
        var ownGenerator = services.Any(d => d.ServiceType == typeof(IEmbeddingGenerator<string, Embedding<float>>));
        services.AddSingleton(sp => new StrataEncoder(ownGenerator
            ? EmbeddingGeneratorFactory.ForApplication(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), engineOptions.Embeddings)
            : EmbeddingGeneratorFactory.Create(engineOptions.Embeddings)));
        services.AddSingleton(sp => ownGenerator
            ? engineOptions.WithApplicationEncoder(EmbeddingGeneratorFactory.ApplicationKey(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()))
            : engineOptions);
        services.AddSingleton(sp => new StrataEngine(sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<StrataEncoder>().Generator,
            sp.GetRequiredService<ILogger<StrataEngine>>()));
        services.AddSingleton<FitCheckpoint>();
        services.AddSingleton<ServingStateFactory>();
        services.AddSingleton<ServingHost>();
        services.AddSingleton<LocalUserReads>();
        services.TryAddSingleton<IUserReads>(sp => sp.GetRequiredService<LocalUserReads>());
        services.AddSingleton<EventIngestor>();
        services.AddHostedService(sp => sp.GetRequiredService<EventIngestor>());
        services.AddHostedService<RefitService>();
        return services;
    }

    /// <summary>Adds Strata's middleware (problem details, CORS, rate limits, body limit) and every endpoint to <paramref name="app"/>.</summary>
    public static WebApplication MapStrata(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StrataServerOptions>>().Value;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (options.Cors.Origins.Length > 0) app.UseCors();
        app.UseRateLimiter();
        // A declared length over the limit is refused before any of the body is read (clients sending
        // "Expect: 100-continue" then never upload it); undeclared lengths are cut off by Kestrel while reading.
        app.Use((context, next) => context.Request.ContentLength > options.MaxRequestBodyBytes
            ? Problems.TooLarge().ExecuteAsync(context)
            : next(context));

        var metrics = app.Services.GetRequiredService<StrataMetrics>();
        var host = app.Services.GetRequiredService<ServingHost>();
        var ingestor = app.Services.GetRequiredService<EventIngestor>();
        metrics.Observe(() => ingestor.Queued, () => host.Current?.Version ?? 0, () => host.LastSequence);

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthReportWriter.WriteAsync });

        var reads = app.MapGroup("");
        if (options.RequireApiKeyForReads) RequireApiKey(reads);
        // Reads that show a person's data (who the users are, what they like) need the key unless opened on purpose.
        var personalReads = app.MapGroup("");
        if (options.RequireApiKeyForReads || !options.AllowAnonymousPersonalReads) RequireApiKey(personalReads);
        var writes = RequireApiKey(app.MapGroup(""));
        ItemEndpoints.Map(reads, writes);
        ItemCatalogEndpoints.Map(reads, personalReads, writes);
        EventEndpoints.Map(writes);
        UserEndpoints.Map(personalReads, writes);
        UserDataEndpoints.Map(personalReads, writes);
        RecommendationEndpoints.Map(reads);
        ListEndpoints.Map(reads);
        AdminEndpoints.Map(writes);
        ExperimentEndpoints.Map(reads, personalReads, writes);
        OverviewEndpoints.Map(reads);
        DashboardEndpoints.Map(app);
        app.Services.GetService<Cluster.ClusterHosting>()?.MapEndpoints(reads, writes);
        return app;
    }

    private static RouteGroupBuilder RequireApiKey(RouteGroupBuilder group) =>
        group.AddEndpointFilter<ApiKeyFilter>().WithMetadata(ApiKeyRequirement.Instance);

    private static void Validate(StrataServerOptions options)
    {
        if (options.ApiKey is null && !options.AllowAnonymousWrites)
            throw new ServerConfigurationException(
                $"No API key: set {StrataServerOptions.ApiKeyEnvironmentVariable} (or Strata:ApiKey), or pass --allow-anonymous-writes to open writes to anyone.");
        if (options.ApiKey is { Length: < 16 })
            throw new ServerConfigurationException("The API key is shorter than 16 characters; use a long random key.");
        if (options.MaxRequestBodyBytes < 1024)
            throw new ServerConfigurationException("Strata:MaxRequestBodyBytes must be at least 1024.");
        if (options.MaxStoreBytes < 0)
            throw new ServerConfigurationException("Strata:MaxStoreBytes must not be negative (0: no limit).");
        if (options.RefitInterval < TimeSpan.Zero)
            throw new ServerConfigurationException("Strata:RefitInterval must not be negative.");
        foreach (var type in options.Recommendations.ExcludeSeen.Keys)
            if (!EventTypes.TryParse(type, out _))
                throw new ServerConfigurationException($"Strata:Recommendations:ExcludeSeen:{type}: unknown event type; use one of " +
                    string.Join(", ", EventTypes.All.Select(t => t.Name())) + ".");
        if (options.RateLimit.PermitLimit < 0)
            throw new ServerConfigurationException("Strata:RateLimit:PermitLimit must not be negative (0: no limit).");
        if (options.RateLimit.Window <= TimeSpan.Zero)
            throw new ServerConfigurationException("Strata:RateLimit:Window must be positive.");
        foreach (var origin in options.Cors.Origins)
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/'))
                throw new ServerConfigurationException($"Strata:Cors:Origins: '{origin}' is not an origin (scheme://host[:port], no path).");
    }

    /// <summary>The store's experiments and those of <c>Strata:Experiments</c>; a bad one stops the start naming its key.</summary>
    private static ExperimentRegistry LoadExperiments(IConfiguration configuration, IStore store, EngineOptions engineOptions)
    {
        Dictionary<string, ExperimentSettings> configured;
        try
        {
            configured = configuration.GetSection($"{StrataServerOptions.Section}:Experiments").Get<Dictionary<string, ExperimentSettings>>() ?? [];
        }
        catch (InvalidOperationException e)
        {
            throw new ServerConfigurationException(e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message);
        }
        try
        {
            return ExperimentRegistry.LoadAsync(store, configured, engineOptions.Model, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
        }
        catch (ServerConfigurationException)
        {
            store.Dispose();
            throw;
        }
    }

    private static SqliteStore OpenStore(StrataServerOptions options)
    {
        try
        {
            return SqliteStore.Open(options.Database, maxSizeBytes: options.MaxStoreBytes);
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidDataException)
        {
            throw new ServerConfigurationException(e.Message);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
