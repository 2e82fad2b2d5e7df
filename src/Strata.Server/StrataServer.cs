using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
/// Composes the Strata HTTP server: store, live serving state, group-committing ingestor, API, dashboard, OpenAPI,
/// health and Prometheus metrics. Hosts (<c>strata serve</c>, tests) call <see cref="Build"/> then run the app.
/// </summary>
public static class StrataServer
{
    /// <summary>
    /// Builds the application. <paramref name="args"/> are ASP.NET Core command-line arguments
    /// (e.g. <c>--urls</c>, <c>--Strata:Database=…</c>); <paramref name="configure"/> adjusts options after binding.
    /// </summary>
    /// <exception cref="ServerConfigurationException">The configuration is unsafe or invalid (e.g. writes open without an API key).</exception>
    public static WebApplication Build(string[] args, Action<StrataServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });

        var options = new StrataServerOptions();
        builder.Configuration.GetSection(StrataServerOptions.Section).Bind(options);
        options.ApiKey ??= NullIfEmpty(Environment.GetEnvironmentVariable(StrataServerOptions.ApiKeyEnvironmentVariable));
        options.PseudonymKey ??= NullIfEmpty(Environment.GetEnvironmentVariable(StrataServerOptions.PseudonymKeyEnvironmentVariable));
        configure?.Invoke(options);
        Validate(options);
        builder.Services.AddSingleton(Options.Create(options));
        // With Strata:Cluster:ConnectionString this process is also an Orleans silo over PostgreSQL (null: a single node).
        var cluster = Cluster.ClusterHosting.Configure(builder);

        // Request paths carry user ids: keep ASP.NET Core's per-request logs below Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // An unready model is reported by /health/ready itself; logging every probe as an error would bury real errors.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxRequestBodyBytes);

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(openApi => OpenApiDocumentation.Configure(openApi));
        if (options.Cors.Origins.Length > 0)
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(options.Cors.Origins).AllowAnyHeader().AllowAnyMethod()));
        builder.Services.AddRateLimiter(limiter => EncoderRateLimit.Configure(limiter, options.RateLimit));
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("model", tags: ["ready"]);
        builder.Services.AddStrataTelemetry(TelemetryOptions.Bind(builder.Configuration));

        // The vector cache sits beside the store unless configured, so restarts do not re-embed the catalogue.
        if (builder.Configuration[$"{EmbeddingOptions.Section}:VectorCachePath"] is null)
            builder.Configuration[$"{EmbeddingOptions.Section}:VectorCachePath"] = VectorCacheStore.PathBeside(Path.GetFullPath(options.Database));
        // Every setting of the model is bound and checked before anything starts: a bad value stops the start naming its key.
        EngineOptions engineOptions;
        try
        {
            engineOptions = EngineOptions.Bind(builder.Configuration);
        }
        catch (EngineOptionsException e)
        {
            throw new ServerConfigurationException(e.Message);
        }

        builder.Services.AddSingleton(TimeProvider.System);
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
        builder.Services.AddSingleton(_ => store);
        if (store is SqliteStore sqlite)
        {
            builder.Services.AddSingleton(_ => sqlite);
            builder.Services.AddSingleton<IStoreCompaction>(_ => sqlite);
        }
        builder.Services.AddSingleton(LoadExperiments(builder.Configuration, store, engineOptions));
        builder.Services.AddSingleton<Strata.Storage.IExperimentLog>(_ => store);
        builder.Services.AddSingleton<ExperimentRouter>();
        builder.Services.AddSingleton(pseudonyms);
        builder.Services.AddSingleton<StoreHealth>();
        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        builder.Services.AddSingleton<Strata.Storage.IEventStore>(_ => store);
        builder.Services.AddSingleton<Strata.Storage.ICatalogStore>(_ => store);
        builder.Services.AddSingleton<Strata.Storage.IArtifactStore>(_ => store);
        builder.Services.AddSingleton<StrataMetrics>();
        builder.Services.AddSingleton<ApiKeyFilter>();
        var serving = new ServingOptions();
        builder.Configuration.GetSection(ServingOptions.Section).Bind(serving);
        serving.ModelPath ??= Path.GetFullPath(options.Database) + ".model";
        builder.Services.AddSingleton(Options.Create(serving));
        builder.Services.AddSingleton(engineOptions);
        builder.Services.AddSingleton(_ => EmbeddingGeneratorFactory.Create(engineOptions.Embeddings));
        builder.Services.AddSingleton(sp => new StrataEngine(engineOptions, sp.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>(),
            sp.GetRequiredService<ILogger<StrataEngine>>()));
        builder.Services.AddSingleton<FitCheckpoint>();
        builder.Services.AddSingleton<ServingStateFactory>();
        builder.Services.AddSingleton<ServingHost>();
        builder.Services.AddSingleton<LocalUserReads>();
        builder.Services.TryAddSingleton<IUserReads>(sp => sp.GetRequiredService<LocalUserReads>());
        builder.Services.AddSingleton<EventIngestor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventIngestor>());
        builder.Services.AddHostedService<RefitService>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (options.Cors.Origins.Length > 0) app.UseCors();
        app.UseRateLimiter();
        // A declared length over the limit is refused before any of the body is read (clients sending
        // "Expect: 100-continue" then never upload it); undeclared lengths are cut off by Kestrel while reading.
        app.Use((context, next) => context.Request.ContentLength > options.MaxRequestBodyBytes
            ? Http.Problems.TooLarge().ExecuteAsync(context)
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
        DashboardEndpoints.Map(app);
        cluster?.MapEndpoints(reads, writes);
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
